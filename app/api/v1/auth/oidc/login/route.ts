import { NextResponse } from 'next/server';
import { route } from '@/lib/api/route';
import { clientAddress } from '@/lib/auth/client-address';
import { ssoFlowCookie } from '@/lib/auth/cookie';
import { ssoReasonOf } from '@/lib/auth/oidc/errors';
import { beginLogin, FLOW_COOKIE } from '@/lib/auth/oidc/flow';
import { requireOidcSettings } from '@/lib/auth/oidc/settings';
import { env } from '@/lib/config/env';

/** A browser navigation: sends the browser to the identity provider, or back to /login saying why not. */
export const GET = route('/api/v1/auth/oidc/login', 'public', async ({ req, deps }) => {
  const s = requireOidcSettings();
  const next = req.nextUrl.searchParams.get('next')?.slice(0, 2000) ?? undefined;
  try {
    const address = clientAddress(req.headers, env().LIFTOFF_TRUST_PROXY);
    const begun = await beginLogin(deps, s, { next, address });
    const res = NextResponse.redirect(begun.url, 303);
    res.cookies.set(ssoFlowCookie(req, FLOW_COOKIE, begun.cookie, begun.expiresAt));
    return res;
  } catch (err) {
    const reason = ssoReasonOf(err);
    if (!reason) throw err;
    return new NextResponse(null, { status: 303, headers: { location: `/login?sso=${reason}` } });
  }
});
