import type { ProbeResult } from '@/lib/checks/result';
import { redact } from '@/lib/log';

/**
 * The shared probe envelope: a deadline on every call, latency, and errors turned into short,
 * credential-free results. Probe bodies throw; `runProbe` makes sure nothing else does.
 */

/** What a probe body measured; `latencyMs` when it timed just its command, else the whole call. */
export type Measured = Omit<ProbeResult, 'at' | 'latencyMs' | 'ok'> & { ok?: boolean; latencyMs?: number };

/** A failure whose message is already meant for people (no need to prefix or map it). */
export class ProbeFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProbeFailure';
  }
}

export class ProbeTimeout extends ProbeFailure {
  constructor(readonly ms: number) {
    super(`timed out after ${ms} ms`);
    this.name = 'ProbeTimeout';
  }
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;

/** Replaces each secret (longest first) and anything URL- or password-shaped with `***`. */
export function scrub(message: string, secrets: readonly string[] = []): string {
  return redact(replaceSecrets(message, secrets));
}

function replaceSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s && out.includes(s)) out = out.split(s).join('***');
  return out;
}

/** Evidence deeper than this is cut: no target's answer needs it, and walking it costs stack. */
const MAX_EVIDENCE_DEPTH = 64;

/**
 * A probe's value or evidence with every known secret replaced by `***`, wherever it sits:
 * strings, numbers that spell a secret (a numeric password read back as a number), object
 * keys. Only known secrets are replaced, so ordinary answers (URLs in a body) stay as they are.
 */
export function scrubDeep(value: unknown, secrets: readonly string[], depth = 0): unknown {
  if (secrets.length === 0) return value;
  if (typeof value === 'string') return replaceSecrets(value, secrets);
  if (typeof value === 'number' || typeof value === 'bigint') {
    const text = String(value);
    return secrets.some((s) => text.includes(s)) ? '***' : value;
  }
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_EVIDENCE_DEPTH) return '[nested too deep]';
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, secrets, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value))
    out[replaceSecrets(k, secrets)] = scrubDeep(v, secrets, depth + 1);
  return out;
}

const CODE_MESSAGES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  EPIPE: 'connection closed',
  UND_ERR_SOCKET: 'connection closed',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_HEADERS_TIMEOUT: 'no response headers in time',
};

/** A readable line for any thrown value; follows `cause` chains (fetch wraps the real error). */
export function describeError(err: unknown): string {
  if (err instanceof ProbeFailure) return err.message;
  let current: unknown = err;
  let last = 'unknown error';
  for (let depth = 0; current && depth < 5; depth++) {
    const e = current as { message?: unknown; code?: unknown; cause?: unknown };
    const code = typeof e.code === 'string' ? e.code : undefined;
    const message = typeof e.message === 'string' && e.message ? e.message : undefined;
    if (code && CODE_MESSAGES[code])
      return message ? `${CODE_MESSAGES[code]} (${message})` : CODE_MESSAGES[code];
    if (code?.startsWith('ERR_TLS') || /CERT|SELF_SIGNED/.test(code ?? '')) {
      return `TLS error: ${message ?? code}`;
    }
    if (message && message !== 'fetch failed') last = message;
    if (!e.cause) break;
    current = e.cause;
  }
  return typeof err === 'string' ? err : last;
}

/**
 * The abort reason once a call is over: made once, since an Error captures a stack trace and
 * every probe ends this way (its listeners only need to know to stop).
 */
const FINISHED = new ProbeFailure('finished');

/** Resolves `work`, or rejects with ProbeTimeout after `ms` or when `outer` aborts. */
export async function withDeadline<T>(
  ms: number,
  outer: AbortSignal | undefined,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const stop = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const e = new ProbeTimeout(ms);
      controller.abort(e);
      reject(e);
    }, ms);
    onAbort = () => {
      const e = new ProbeFailure('cancelled');
      controller.abort(e);
      reject(e);
    };
    if (outer?.aborted) onAbort();
    else outer?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work(controller.signal), stop]);
  } finally {
    clearTimeout(timer);
    if (onAbort) outer?.removeEventListener('abort', onAbort);
    // Whatever is still running (a fetch body, a socket) learns it can stop.
    if (!controller.signal.aborted) controller.abort(FINISHED);
  }
}

export interface ProbeCall {
  timeoutMs: number;
  signal?: AbortSignal;
  /** Strings that must never appear in a result (every configured password, token and URL). */
  secrets: readonly string[];
}

/** Runs a probe body under a deadline; always resolves to a ProbeResult. */
export async function runProbe(
  call: ProbeCall,
  body: (signal: AbortSignal) => Promise<Measured>,
): Promise<ProbeResult> {
  const at = new Date().toISOString();
  const start = performance.now();
  try {
    const m = await withDeadline(call.timeoutMs, call.signal, body);
    const { ok = true, latencyMs, error, ...rest } = m;
    // Values and evidence leave here for storage, the API, logs and the audit trail: scrub them all.
    const clean = scrubDeep(rest, call.secrets) as typeof rest;
    const result: ProbeResult = {
      ok,
      ...clean,
      latencyMs: round(latencyMs ?? performance.now() - start),
      at,
    };
    if (error !== undefined) result.error = scrub(error, call.secrets);
    return result;
  } catch (err) {
    return {
      ok: false,
      value: null,
      latencyMs: round(performance.now() - start),
      error: scrub(describeError(err), call.secrets),
      at,
    };
  }
}

/** Time one awaited call, in milliseconds. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; latencyMs: number }> {
  const start = performance.now();
  const value = await fn();
  return { value, latencyMs: performance.now() - start };
}

/** A figure worth keeping with a sample: a finite number, else null. */
export const finite = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export interface Percentiles {
  samples: number;
  minMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** Nearest-rank percentiles of round trips in milliseconds (at least one). */
export function percentiles(samplesMs: readonly number[]): Percentiles {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const at = (p: number) => round(sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0);
  return {
    samples: sorted.length,
    minMs: at(0),
    p50Ms: at(50),
    p95Ms: at(95),
    p99Ms: at(99),
    maxMs: at(100),
  };
}
