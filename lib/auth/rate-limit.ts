import type { Redis } from 'ioredis';
import { tryRedis } from '@/lib/redis/client';

/**
 * Fixed-window counters: in Redis when it is up (shared by every instance), in memory
 * otherwise. Counters are ephemeral, so losing them with Redis costs nothing durable.
 */
const memory = new Map<string, { count: number; resetAt: number }>();

function memoryHit(key: string, windowMs: number, add: number) {
  const now = Date.now();
  let slot = memory.get(key);
  if (!slot || slot.resetAt <= now) {
    slot = { count: 0, resetAt: now + windowMs };
    memory.set(key, slot);
  }
  slot.count += add;
  if (memory.size > 50_000) {
    for (const [k, v] of memory) if (v.resetAt <= now) memory.delete(k);
  }
  return { count: slot.count, retryAfterMs: slot.resetAt - now };
}

export interface WindowCount {
  count: number;
  retryAfterMs: number;
}

/** Adds `add` (0 to only read) to the counter for `key` and returns its value in the window. */
export async function countInWindow(
  redis: Redis | null,
  key: string,
  windowMs: number,
  add = 1,
): Promise<WindowCount> {
  const fromRedis = await tryRedis(
    redis,
    async (r) => {
      const k = `liftoff:rl:${key}`;
      const [[, count], [, ttl]] = (await r.multi().incrby(k, add).pttl(k).exec()) as [
        [null, number],
        [null, number],
      ];
      if (ttl < 0) await r.pexpire(k, windowMs);
      return { count, retryAfterMs: ttl < 0 ? windowMs : ttl };
    },
    null,
  );
  return fromRedis ?? memoryHit(key, windowMs, add);
}

export async function resetWindow(redis: Redis | null, key: string): Promise<void> {
  memory.delete(key);
  await tryRedis(redis, (r) => r.del(`liftoff:rl:${key}`), 0);
}
