import type { NextRequest } from 'next/server';
import { env } from '@/lib/config/env';
import { SESSION_COOKIE } from './sessions';

/** Secure whenever the browser reached us over HTTPS, directly or through a trusted proxy. */
export function isHttps(req: NextRequest): boolean {
  if (req.nextUrl.protocol === 'https:') return true;
  return env().LIFTOFF_TRUST_PROXY && req.headers.get('x-forwarded-proto')?.split(',')[0]?.trim() === 'https';
}

export function sessionCookie(req: NextRequest, token: string, expiresAt: Date) {
  return {
    name: SESSION_COOKIE,
    value: token,
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: isHttps(req),
    path: '/',
    expires: expiresAt,
  };
}

/** The sign-in-in-progress cookie: sent only to the single sign-on routes, and on the provider's redirect back (lax). */
export function ssoFlowCookie(req: NextRequest, name: string, token: string, expiresAt: Date) {
  return { ...sessionCookie(req, token, expiresAt), name, path: '/api/v1/auth/oidc' };
}
