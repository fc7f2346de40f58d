/**
 * CSRF defence beyond SameSite=Lax: a state-changing request a browser sends on a user's
 * cookie must come from Liftoff's own pages. Browsers say where a request comes from in
 * `Sec-Fetch-Site` and `Origin`; a request that carries neither is not from a browser page
 * (curl, scripts) and cannot ride a victim's cookie. API-key requests never need this.
 */

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isStateChanging(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

/** The host the browser addressed: the proxy's `X-Forwarded-Host` only when the proxy is trusted. */
function addressedHost(headers: Headers, trustProxy: boolean): string | null {
  const forwarded = trustProxy ? headers.get('x-forwarded-host')?.split(',')[0]?.trim() : undefined;
  return forwarded || headers.get('host');
}

/** Why a request is cross-site, or null when it is same-origin (or not from a browser page). */
export function crossSiteReason(headers: Headers, trustProxy: boolean): string | null {
  const site = headers.get('sec-fetch-site')?.toLowerCase();
  if (site && site !== 'same-origin' && site !== 'none') return `Sec-Fetch-Site is ${site}`;
  const origin = headers.get('origin');
  if (origin === null) return null;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return `Origin ${origin.slice(0, 100)} is not a URL`;
  }
  const expected = addressedHost(headers, trustProxy);
  return expected && host.toLowerCase() === expected.toLowerCase()
    ? null
    : `Origin ${origin.slice(0, 100)} is another site`;
}
