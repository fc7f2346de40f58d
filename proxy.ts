import { type NextRequest, NextResponse } from 'next/server';
import { contentSecurityPolicy, newNonce } from '@/lib/auth/csp';
import { loginPath, sameSitePath } from '@/lib/auth/next-path';

const SESSION_COOKIE = 'liftoff_session';

/**
 * Every page request: a fresh CSP nonce (on the request, so Next tags its scripts, and on the
 * response), the requested path for the login redirect's `next`, and visitors without any
 * session cookie sent to /login before anything renders, RSC navigations included. The real
 * session and role checks happen on the server in every page and data function; this is the
 * second line.
 */
export function proxy(req: NextRequest) {
  const { pathname, search } = req.nextUrl;
  const nonce = newNonce();
  const csp = contentSecurityPolicy(nonce);
  const isPublicPage = pathname === '/login' || pathname === '/setup';
  if (!isPublicPage && !req.cookies.get(SESSION_COOKIE)?.value) {
    const res = NextResponse.redirect(new URL(loginPath(pathname + search), req.url));
    res.headers.set('Content-Security-Policy', csp);
    return res;
  }
  const headers = new Headers(req.headers);
  headers.set('x-nonce', nonce);
  headers.set('Content-Security-Policy', csp);
  // Only a clean same-site path is passed on (a raw value with a newline cannot be a header).
  const from = sameSitePath(pathname + search);
  if (from) headers.set('x-liftoff-path', from);
  else headers.delete('x-liftoff-path');
  const res = NextResponse.next({ request: { headers } });
  res.headers.set('Content-Security-Policy', csp);
  return res;
}

export const config = {
  // Pages only: API routes answer 401 JSON themselves; static assets (public/ icons included) need nothing.
  matcher: ['/((?!api/|metrics|_next/|favicon|robots|.*\\.(?:ico|png|svg)$).*)'],
};
