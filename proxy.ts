import { type NextRequest, NextResponse } from 'next/server';

/**
 * Passes the requested path to server components (for the login redirect's `next`) and sends
 * browsers without any session cookie straight to /login. The real session and role checks
 * happen on the server in every page and route; this is only a shortcut.
 */
export function proxy(req: NextRequest) {
  const { pathname, search } = req.nextUrl;
  const headers = new Headers(req.headers);
  headers.set('x-liftoff-path', pathname + search);
  const isPublicPage = pathname === '/login' || pathname === '/setup';
  if (!isPublicPage && !req.cookies.has('liftoff_session')) {
    const url = req.nextUrl.clone();
    url.pathname = '/login';
    url.search = pathname === '/' ? '' : `?next=${encodeURIComponent(pathname + search)}`;
    return NextResponse.redirect(url);
  }
  return NextResponse.next({ request: { headers } });
}

export const config = {
  // Pages only: API routes answer 401 JSON themselves; static assets (public/ icons included) need nothing.
  matcher: ['/((?!api/|metrics|_next/|favicon|robots|.*\\.(?:ico|png|svg)$).*)'],
};
