import { Redis } from 'ioredis';
import { env } from '@/lib/config/env';
import { log } from '@/lib/log';

/** Budget for one Redis command; past it the caller falls back to PostgreSQL or memory. */
export const REDIS_COMMAND_TIMEOUT_MS = 300;

export function createRedis(url: string, name = 'liftoff'): Redis {
  const client = new Redis(url, {
    connectionName: name,
    connectTimeout: 1_000,
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    // Fail fast while disconnected instead of queueing: callers have a fallback.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    // Reconnect forever, backing off to 2 s.
    retryStrategy: (times) => Math.min(100 * times, 2_000),
    lazyConnect: false,
  });
  let down = false;
  client.on('error', (err) => {
    if (!down) log.warn('redis unavailable; falling back', { error: err.message });
    down = true;
  });
  client.on('ready', () => {
    if (down) log.info('redis reconnected');
    down = false;
  });
  return client;
}

const g = globalThis as unknown as { __liftoffRedis?: Redis | null };

/** The process-wide Redis client, or null when REDIS_URL is not set. */
export function getRedis(): Redis | null {
  if (g.__liftoffRedis === undefined) {
    const url = env().REDIS_URL;
    g.__liftoffRedis = url ? createRedis(url) : null;
  }
  return g.__liftoffRedis;
}

export const isReady = (r: Redis | null): r is Redis => r !== null && r.status === 'ready';

/**
 * Runs `fn` when Redis is connected; otherwise, or when the call fails or times out, returns
 * `fallback` without throwing. A down Redis costs nothing: no call is even attempted.
 */
export async function tryRedis<T>(r: Redis | null, fn: (r: Redis) => Promise<T>, fallback: T): Promise<T> {
  if (!isReady(r)) return fallback;
  try {
    return await fn(r);
  } catch {
    return fallback;
  }
}
