/**
 * The address a request came from, for per-address rate limits. Without a trusted proxy it is
 * the TCP peer, which `scripts/serve.mjs` writes into PEER_HEADER over anything a client sent
 * (X-Forwarded-For is the client's to write). Behind a trusted proxy (LIFTOFF_TRUST_PROXY) it
 * is the hop that proxy appended to X-Forwarded-For: the last one.
 */
export const PEER_HEADER = 'x-liftoff-peer';

const g = globalThis as unknown as { __liftoffPeerHeader?: boolean };

/**
 * Under `next dev` or a bare `next start` nothing writes PEER_HEADER, so a client could: it is
 * read only when scripts/serve.mjs said it writes it. Otherwise every client shares one
 * address ("unknown"): stricter, never spoofable.
 */
export function clientAddress(
  headers: Headers,
  trustProxy: boolean,
  peerHeaderWritten = g.__liftoffPeerHeader === true,
): string {
  if (trustProxy) {
    const hop = headers.get('x-forwarded-for')?.split(',').at(-1)?.trim();
    if (hop) return hop;
  }
  return (peerHeaderWritten && headers.get(PEER_HEADER)?.trim()) || 'unknown';
}
