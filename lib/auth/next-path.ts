/** Where a visitor may be sent after logging in. Pure: the proxy, pages and components use it. */

const ORIGIN = 'http://liftoff.invalid';

/**
 * A path on this site, and only that: parsed as a URL against a fixed origin, anything that
 * leaves it (`//evil`, `/\evil`, `/<TAB>/evil`, which browsers read as `//evil`) or carries
 * control characters or backslashes is refused. Returns the normalised path, or null.
 */
export function sameSitePath(value: string | undefined | null): string | null {
  if (typeof value !== 'string' || !value.startsWith('/') || /[\\\u0000-\u001f\u007f]/.test(value))
    return null;
  let url: URL;
  try {
    url = new URL(value, ORIGIN);
  } catch {
    return null;
  }
  if (url.origin !== ORIGIN) return null;
  const path = url.pathname + url.search + url.hash;
  return path.startsWith('//') ? null : path;
}

/** A post-login destination: the path when it stays on this site, else the overview. */
export const safeNext = (next: string | undefined | null): string => sameSitePath(next) ?? '/';

/** The login page, remembering where a visitor was going when that is a safe path. */
export function loginPath(from: string | null | undefined): string {
  const next = safeNext(from);
  return next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`;
}
