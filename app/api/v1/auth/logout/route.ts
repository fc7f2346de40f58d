import { NextResponse } from 'next/server';
import { route } from '@/lib/api/route';
import { revokeSession, SESSION_COOKIE } from '@/lib/auth/sessions';

export const POST = route('/api/v1/auth/logout', 'user', async ({ deps, principal }) => {
  if (principal.sessionId) await revokeSession(deps, principal.sessionId);
  const res = NextResponse.json({ ok: true });
  res.cookies.delete(SESSION_COOKIE);
  return res;
});
