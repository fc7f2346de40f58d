import 'server-only';
import type { SlackChannel, WebhookChannel } from '@/lib/config/notifications';
import { redact } from '@/lib/log';
import type { PublicChannel, SendResult } from './types';

/** Receivers' answers are read up to this much; the log keeps less. */
export const MAX_RESPONSE_BYTES = 4096;
export const EXCERPT_CHARS = 300;

const excerpt = (text: string) => {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > EXCERPT_CHARS ? `${line.slice(0, EXCERPT_CHARS - 1)}…` : line;
};

/** Reads at most MAX_RESPONSE_BYTES of the body, then lets the rest go. */
async function readLimited(res: Response): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < MAX_RESPONSE_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    void reader.cancel().catch(() => {});
  }
  const bytes = Buffer.concat(chunks).subarray(0, MAX_RESPONSE_BYTES);
  return new TextDecoder().decode(bytes);
}

function describeError(err: unknown, timedOut: boolean, timeoutMs: number): string {
  if (timedOut) return `no answer within ${timeoutMs / 1000} s`;
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  if (cause?.code === 'ECONNREFUSED') return 'connection refused';
  if (cause?.code === 'ENOTFOUND') return 'host not found';
  if (cause?.code === 'ECONNRESET' || cause?.code === 'UND_ERR_SOCKET')
    return 'connection closed by the receiver';
  if ((err as { name?: string })?.name === 'AbortError') return 'cancelled';
  return redact(cause?.message ?? (err instanceof Error ? err.message : String(err))).slice(0, EXCERPT_CHARS);
}

/**
 * POSTs `body` to a configured URL: within `timeoutMs` for the whole exchange, never following
 * a redirect (a 3xx is a failure), reading only the start of the answer. Errors never carry
 * the URL (a Slack webhook's path is its secret).
 */
export async function postJson(
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
  signal: AbortSignal,
  accept: (status: number, text: string) => boolean = (status) => status >= 200 && status < 300,
): Promise<SendResult> {
  const timeout = AbortSignal.timeout(timeoutMs);
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Liftoff-Notifier/1', ...headers },
      body,
      redirect: 'manual',
      signal: AbortSignal.any([signal, timeout]),
    });
    const text = await readLimited(res);
    const response = excerpt(text);
    if (res.status >= 300 && res.status < 400) {
      return {
        ok: false,
        status: res.status,
        response,
        error: `answered ${res.status}: redirects are not followed`,
      };
    }
    if (!accept(res.status, text))
      return { ok: false, status: res.status, response, error: `answered ${res.status}` };
    return { ok: true, status: res.status, response };
  } catch (err) {
    return { ok: false, error: describeError(err, timeout.aborted, timeoutMs) };
  }
}

/** `https://hooks.example.com/***`: enough to tell channels apart, nothing a caller could replay. */
export function maskEndpoint(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname === '/' && !u.search ? '' : '/***'}`;
  } catch {
    return '***';
  }
}

/** How a channel that posts to a URL is shown: host only. */
export const urlChannelView = (c: WebhookChannel | SlackChannel): PublicChannel => ({
  name: c.name,
  type: c.type,
  destination: maskEndpoint(c.url),
  timeoutMs: c.timeoutMs,
  ratePerSecond: c.rate.perSecond,
});
