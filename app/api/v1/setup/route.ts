import { NextResponse } from 'next/server';
import { z } from 'zod';
import { route } from '@/lib/api/route';
import { sessionCookie } from '@/lib/auth/cookie';
import { createSession } from '@/lib/auth/sessions';
import { createFirstAdmin } from '@/lib/auth/users';
import { env } from '@/lib/config/env';
import { LiftoffError } from '@/lib/core/errors';

const Body = z.object({
  email: z.email('not an email address'),
  name: z.string().trim().min(1, 'enter a name').max(200),
  password: z.string().min(12, 'must be at least 12 characters').max(1024),
});

/** First run only: creates the first admin while no user exists, then logs them in. */
export const POST = route('/api/v1/setup', 'public', async ({ req, deps, body }) => {
  if (!env().LIFTOFF_PASSWORD_LOGIN) {
    throw new LiftoffError(
      'forbidden',
      'Password login is off: sign in with single sign-on, or create a break-glass admin with the CLI.',
    );
  }
  const input = await body(Body, { maxBytes: 8 * 1024 });
  const admin = await createFirstAdmin(deps.db, input);
  if (!admin) throw new LiftoffError('forbidden', 'Liftoff is already set up. Log in instead.');
  // The account exists now: log its creator in directly, so no limit can turn success into an error.
  const session = await createSession(
    deps,
    admin.id,
    env().LIFTOFF_SESSION_TTL_HOURS,
    req.headers.get('user-agent') ?? undefined,
  );
  const res = NextResponse.json({ user: admin }, { status: 201 });
  res.cookies.set(sessionCookie(req, session.token, session.expiresAt));
  return res;
});
