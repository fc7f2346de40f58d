import { NextResponse } from 'next/server';
import { route } from '@/lib/api/route';
import { logout } from '@/lib/auth/oidc/logout';
import { oidcSettings } from '@/lib/auth/oidc/settings';
import { SESSION_COOKIE } from '@/lib/auth/sessions';

/** Ends the session; `endSessionUrl` is where the browser goes to end the provider's session too. */
export const POST = route('/api/v1/auth/logout', 'user', async ({ deps, principal }) => {
  const { endSessionUrl } = await logout(deps, oidcSettings(), principal.sessionId);
  const res = NextResponse.json({ ok: true, ...(endSessionUrl ? { endSessionUrl } : {}) });
  res.cookies.delete(SESSION_COOKIE);
  return res;
});
