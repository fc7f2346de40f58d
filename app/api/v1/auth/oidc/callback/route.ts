import { NextResponse } from 'next/server';
import { route } from '@/lib/api/route';
import { clientAddress } from '@/lib/auth/client-address';
import { sessionCookie } from '@/lib/auth/cookie';
import { ssoReasonOf } from '@/lib/auth/oidc/errors';
import { completeLogin, FLOW_COOKIE } from '@/lib/auth/oidc/flow';
import { requireOidcSettings } from '@/lib/auth/oidc/settings';
import { env } from '@/lib/config/env';

const redirect = (location: string) => new NextResponse(null, { status: 303, headers: { location } });

/** Where the identity provider sends the browser back: a session and the page asked for, or /login saying why not. */
export const GET = route('/api/v1/auth/oidc/callback', 'public', async ({ req, deps }) => {
  const s = requireOidcSettings();
  let res: NextResponse;
  try {
    const done = await completeLogin(deps, s, {
      cookie: req.cookies.get(FLOW_COOKIE)?.value,
      params: req.nextUrl.searchParams,
      ip: clientAddress(req.headers, env().LIFTOFF_TRUST_PROXY),
      userAgent: req.headers.get('user-agent') ?? undefined,
      ttlHours: env().LIFTOFF_SESSION_TTL_HOURS,
    });
    res = redirect(done.next);
    res.cookies.set(sessionCookie(req, done.token, done.expiresAt));
  } catch (err) {
    const reason = ssoReasonOf(err);
    if (!reason) throw err;
    res = redirect(`/login?sso=${reason}`);
  }
  res.cookies.delete({ name: FLOW_COOKIE, path: '/api/v1/auth/oidc' });
  return res;
});
