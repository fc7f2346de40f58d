import 'server-only';
import { Redis } from 'ioredis';
import { cachedClient, dropClient } from './clients';
import type { RedisTarget } from './kinds/redis';
import { describeError, type Measured, ProbeFailure } from './outcome';
import { type HitRateSample, HitRateSampler, infoNumber, parseInfo, type RedisInfo } from './redis-info';

/**
 * The Redis kind's plumbing: one long-lived connection per target, round-trip timing as
 * redis-benchmark measures it, PING, INFO, the hit-rate window and a capped SCAN.
 */

/** SCAN stops here; the result says so. KEYS is never used: it blocks the server. */
export const SCAN_KEY_CAP = 10_000;
export const SCAN_TIME_CAP_MS = 1_000;
const SCAN_BATCH = 1_000;
/** PING is sent this many times; the fastest round trip is the one that measures Redis. */
export const PING_SAMPLES = 3;

export interface RedisConnection {
  client: Redis;
  /** When the socket last sent / received bytes: a command's round trip (see `roundTrip`). */
  lastWriteAt: number;
  lastReplyAt: number;
  /** One sampler per consumer, so the health panel and a Verify click don't shorten each other's window. */
  samplers: Map<string, HitRateSampler>;
}

const cacheKey = (t: RedisTarget) => `redis:${t.environment}/${t.key}`;

/**
 * One long-lived client per target: a probe costs one round trip, not a connection. Commands
 * fail at once while disconnected (no offline queue) and the client reconnects by itself.
 */
export function connection(target: RedisTarget): RedisConnection {
  const key = cacheKey(target);
  const make = () =>
    cachedClient<RedisConnection>(key, `${target.url}|${target.timeoutMs}`, () => {
      const client = new Redis(target.url, {
        connectionName: 'liftoff-probe',
        lazyConnect: true,
        connectTimeout: target.timeoutMs,
        commandTimeout: target.timeoutMs,
        enableOfflineQueue: false,
        maxRetriesPerRequest: 0,
        autoResendUnfulfilledCommands: false,
        // Retry quickly so a restarted Redis is seen again within half a second.
        retryStrategy: (times) => Math.min(50 * times, 500),
      });
      // Without a listener an unreachable Redis would crash the process; waiters read errors themselves.
      client.on('error', () => {});
      const conn: RedisConnection = { client, lastWriteAt: 0, lastReplyAt: 0, samplers: new Map() };
      // Each (re)connection has a new socket. Stamp when bytes leave and arrive, as
      // redis-benchmark does; the data listener goes before ioredis's parser, so the stamp is
      // taken before the command's promise resolves.
      client.on('connect', () => {
        const stream = client.stream;
        const write = stream.write;
        stream.write = function (this: typeof stream, ...args: unknown[]) {
          conn.lastWriteAt = performance.now();
          return (write as (...a: unknown[]) => boolean).apply(this, args);
        } as typeof stream.write;
        stream.prependListener('data', () => {
          conn.lastReplyAt = performance.now();
        });
      });
      return { value: conn, close: () => client.disconnect() };
    });
  const conn = make();
  if (conn.client.status !== 'end') return conn;
  void dropClient(key);
  return make();
}

const unreachable = (err: unknown) => new ProbeFailure(`redis unreachable: ${describeError(err)}`);

/** A command that failed because the connection dropped under it says so. */
export function lost(client: Redis, err: unknown): unknown {
  const message = describeError(err);
  if (client.status !== 'ready' || /Stream isn't writeable|Connection is closed/i.test(message)) {
    return new ProbeFailure('redis unreachable: the connection was lost');
  }
  return err;
}

/** Waits for the connection (or the next connection error, which fails fast). */
export async function ready(client: Redis, signal: AbortSignal): Promise<void> {
  if (client.status === 'ready') return;
  if (client.status === 'wait') client.connect().catch(() => {});
  await new Promise<void>((resolve, reject) => {
    const cleanup = () => {
      client.off('ready', onReady);
      client.off('error', onError);
      signal.removeEventListener('abort', onAbort);
    };
    const onReady = () => {
      cleanup();
      resolve();
    };
    const onError = (err: unknown) => {
      cleanup();
      reject(unreachable(err));
    };
    const onAbort = () => {
      cleanup();
      reject(signal.reason);
    };
    client.on('ready', onReady);
    client.on('error', onError);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Times a command from its bytes leaving to its reply reaching the socket, as redis-benchmark does,
 * so the figure is the server's round trip and not JavaScript's promise and parsing overhead.
 * The reply that resolves the command is the last data before the continuation runs.
 */
export async function roundTrip<T>(
  conn: RedisConnection,
  fn: () => Promise<T>,
): Promise<{ value: T; latencyMs: number }> {
  const before = performance.now();
  const value = await fn();
  const sent = Math.max(conn.lastWriteAt, before);
  const end = conn.lastReplyAt >= sent ? conn.lastReplyAt : performance.now();
  return { value, latencyMs: end - sent };
}

/**
 * PING's latency is the best of a few back-to-back round trips: a single one mostly measures
 * whatever else Liftoff's event loop was doing (GC, rendering) when the reply arrived.
 */
export async function ping(conn: RedisConnection): Promise<Measured> {
  const samples: number[] = [];
  let value = '';
  for (let i = 0; i < PING_SAMPLES; i++) {
    const r = await roundTrip(conn, () => conn.client.ping());
    value = r.value;
    samples.push(Math.round(r.latencyMs * 1000) / 1000);
  }
  return { value, latencyMs: Math.min(...samples), body: { samplesMs: samples } };
}

/**
 * INFO, parsed. `everything` for a check naming any field (command stats included); a probe that
 * needs one section asks for that section only: `everything` on a busy server is kilobytes of
 * command and latency stats, and parsing them was a tenth of the scheduler's CPU.
 */
export async function info(
  conn: RedisConnection,
  section: 'everything' | 'default' | 'stats' | 'memory' = 'everything',
): Promise<{ info: RedisInfo; latencyMs: number }> {
  const { value, latencyMs } = await roundTrip(conn, () => conn.client.info(section));
  return { info: parseInfo(value), latencyMs };
}

export function sampleHitRate(
  conn: RedisConnection,
  parsed: RedisInfo,
  consumer: string,
): HitRateSample | null {
  const hits = infoNumber(parsed, 'keyspace_hits');
  const misses = infoNumber(parsed, 'keyspace_misses');
  if (hits === null || misses === null) return null;
  let sampler = conn.samplers.get(consumer);
  if (!sampler) {
    sampler = new HitRateSampler();
    conn.samplers.set(consumer, sampler);
  }
  return sampler.next(hits, misses);
}

/** Counts keys matching `pattern` with SCAN, up to SCAN_KEY_CAP keys or SCAN_TIME_CAP_MS. */
export async function scanCount(client: Redis, pattern: string, signal: AbortSignal): Promise<Measured> {
  const seen = new Set<string>();
  const start = performance.now();
  let cursor = '0';
  let stoppedBy: string | undefined;
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', SCAN_BATCH);
    cursor = next;
    // SCAN may return a key twice; counting distinct keys keeps the number exact.
    for (const k of keys) seen.add(k);
    if (seen.size >= SCAN_KEY_CAP) stoppedBy = `key cap of ${SCAN_KEY_CAP}`;
    else if (performance.now() - start > SCAN_TIME_CAP_MS) stoppedBy = `time cap of ${SCAN_TIME_CAP_MS} ms`;
  } while (cursor !== '0' && !stoppedBy && !signal.aborted);
  const count = seen.size;
  const body = stoppedBy ? { count, complete: false, stoppedBy } : { count, complete: true };
  return { value: count, body, latencyMs: performance.now() - start };
}
