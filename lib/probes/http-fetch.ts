import 'server-only';
import { isIP } from 'node:net';
import tls from 'node:tls';
import type { HttpInstance, HttpMethod } from './kinds/http';
import { describeError, type Measured, ProbeFailure } from './outcome';

/**
 * The HTTP kind's plumbing (the Prometheus kind scrapes with it too): requests that stay on the
 * configured origin, bodies read up to a cap, and the certificate's expiry for `[CERT_EXPIRY]`.
 */

export const HTTP_BODY_CAP = 1024 * 1024;
export const MAX_REDIRECTS = 3;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const CERT_CACHE_MS = 10 * 60_000;

/**
 * The URL for `path` on an instance. The path comes from a check, so it may only add to the
 * configured origin: `//host`, backslashes and control characters are refused.
 */
export function urlOnInstance(base: string, path: string): URL {
  if (!path.startsWith('/') || path.startsWith('//') || /[\\\s\u0000-\u001f\u007f]/.test(path)) {
    throw new ProbeFailure(
      `invalid path "${path.slice(0, 100)}": it must start with "/" and stay on the target`,
    );
  }
  const origin = new URL(base);
  const url = new URL(`${origin.origin}${origin.pathname.replace(/\/+$/, '')}${path}`);
  if (url.origin !== origin.origin) throw new ProbeFailure('the path leaves the target');
  return url;
}

/** Credentials in a configured URL become a header: fetch refuses URLs that carry them. */
function basicAuth(url: URL): string | undefined {
  if (!url.username && !url.password) return undefined;
  const user = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

export interface FetchedResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
  truncated: boolean;
  /** Where the answer came from, after same-origin redirects. */
  url: URL;
}

async function readCapped(res: Response, cap: number): Promise<{ text: string; truncated: boolean }> {
  if (!res.body) return { text: '', truncated: false };
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (size + value.byteLength > cap) {
      chunks.push(value.subarray(0, cap - size));
      truncated = true;
      await reader.cancel().catch(() => {});
      break;
    }
    chunks.push(value);
    size += value.byteLength;
  }
  return { text: new TextDecoder().decode(Buffer.concat(chunks)), truncated };
}

const isStaleSocket = (err: unknown) =>
  (err as { cause?: { code?: unknown } })?.cause?.code === 'UND_ERR_SOCKET';

/**
 * A kept-alive connection the server already closed fails the request that reuses it. Probe
 * methods are idempotent, so one retry on a fresh connection says whether the server is
 * really gone (then: connection refused) instead of reporting a stale socket.
 */
async function fetchRetryingStaleSocket(
  url: URL,
  init: RequestInit & { signal: AbortSignal },
): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (err) {
    if (init.signal.aborted || !isStaleSocket(err)) throw err;
    return fetch(url, init);
  }
}

/**
 * One request against a configured URL. Redirects are followed (at most MAX_REDIRECTS) only
 * while they stay on the same origin; any other redirect is the answer, with its Location.
 */
export async function fetchOnTarget(
  configured: URL,
  start: URL,
  method: HttpMethod,
  signal: AbortSignal,
  opts: { cap: number; accept: string },
): Promise<FetchedResponse> {
  const headers: Record<string, string> = { accept: opts.accept, 'user-agent': 'liftoff-probe' };
  const auth = basicAuth(configured);
  if (auth) headers.authorization = auth;
  let url = new URL(start);
  url.username = '';
  url.password = '';
  let current: HttpMethod = method;
  for (let hop = 0; ; hop++) {
    const res = await fetchRetryingStaleSocket(url, { method: current, headers, redirect: 'manual', signal });
    const location = res.headers.get('location');
    let next: URL | undefined;
    if (REDIRECTS.has(res.status) && location && hop < MAX_REDIRECTS) {
      try {
        next = new URL(location, url);
      } catch {
        next = undefined;
      }
    }
    if (next && next.origin === url.origin) {
      await res.body?.cancel().catch(() => {});
      url = next;
      if (res.status === 303 && current !== 'HEAD') current = 'GET';
      continue;
    }
    const body = current === 'HEAD' ? { text: '', truncated: false } : await readCapped(res, opts.cap);
    const out: Record<string, string> = {};
    // Cookies a target sets are its sessions, not evidence.
    for (const [k, v] of res.headers) if (k !== 'set-cookie') out[k] = v;
    return { status: res.status, headers: out, ...body, url };
  }
}

const certCache = new Map<string, { expiresAt: string | undefined; checkedAt: number }>();

/** The peer certificate's `valid_to` (ISO), or undefined when it cannot be read. */
export function certificateExpiry(
  host: string,
  port: number,
  signal?: AbortSignal,
): Promise<string | undefined> {
  const hostname = host.replace(/^\[|\]$/g, '');
  const key = `${hostname}:${port}`;
  const cached = certCache.get(key);
  if (cached && Date.now() - cached.checkedAt < CERT_CACHE_MS) return Promise.resolve(cached.expiresAt);
  return new Promise((resolve) => {
    // Only reading the date: fetch itself validates the chain.
    const socket = tls.connect({
      host: hostname,
      port,
      servername: isIP(hostname) ? undefined : hostname,
      rejectUnauthorized: false,
    });
    let settled = false;
    const done = (expiresAt: string | undefined, cache: boolean) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      if (cache) certCache.set(key, { expiresAt, checkedAt: Date.now() });
      resolve(expiresAt);
    };
    const onAbort = () => done(undefined, false);
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('secureConnect', () => {
      const validTo = socket.getPeerCertificate()?.valid_to;
      const time = validTo ? Date.parse(validTo) : Number.NaN;
      done(Number.isNaN(time) ? undefined : new Date(time).toISOString(), true);
    });
    socket.once('error', () => done(undefined, false));
  });
}

function parseBody(text: string, truncated: boolean, contentType: string | undefined): unknown {
  if (!truncated && /\bjson\b|\+json/i.test(contentType ?? '')) {
    try {
      return JSON.parse(text);
    } catch {
      // Not JSON after all: the text is still evidence.
    }
  }
  return text;
}

export async function requestInstance(
  instance: HttpInstance,
  request: { method: HttpMethod; path: string },
  signal: AbortSignal,
): Promise<Measured> {
  const configured = new URL(instance.url);
  const url = urlOnInstance(instance.url, request.path);
  const start = performance.now();
  const cert =
    url.protocol === 'https:'
      ? certificateExpiry(url.hostname, Number(url.port || 443), signal)
      : Promise.resolve(undefined);
  let res: FetchedResponse;
  try {
    res = await fetchOnTarget(configured, url, request.method, signal, {
      cap: HTTP_BODY_CAP,
      accept: 'application/json, text/plain;q=0.9, */*;q=0.8',
    });
  } catch (err) {
    if (signal.aborted) throw err;
    // An expired or untrusted certificate fails the request; its date is the evidence.
    const certExpiresAt = await cert;
    const failed: Measured = { ok: false, value: null, error: describeError(err) };
    if (certExpiresAt) failed.certExpiresAt = certExpiresAt;
    return failed;
  }
  const latencyMs = performance.now() - start;
  const body =
    request.method === 'HEAD' ? null : parseBody(res.text, res.truncated, res.headers['content-type']);
  const certExpiresAt = await cert;
  const out: Measured = { value: body, status: res.status, body, headers: res.headers, latencyMs };
  if (certExpiresAt) out.certExpiresAt = certExpiresAt;
  return out;
}
