/**
 * Validates one session 10,000 times through the function every request uses, with the Redis
 * cache warm and with Redis off, next to the raw Redis GET round trip measured in the same run.
 * Target: cache-hit p99 under 1 ms.
 */
import { spawnSync } from 'node:child_process';
import { createSession, validateSession } from '../lib/auth/sessions';
import { createUser } from '../lib/auth/users';
import { createRedis } from '../lib/redis/client';
import { freshPostgres, REDIS_URL } from '../tests/support/db';
import { type BenchResult, ms, percentiles, ratio, timeEach } from './stats';

const N = 10_000;

function redisBenchmarkGet(): number | null {
  const url = new URL(REDIS_URL);
  const run = spawnSync(
    'redis-benchmark',
    ['-h', url.hostname, '-p', url.port || '6379', '-t', 'get', '-n', '10000', '-c', '1', '-q'],
    {
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  // `-q` prints e.g. "GET: 25000.00 requests per second, p50=0.031 msec"
  const p50 = run.stdout?.match(/p50=([\d.]+) msec/)?.[1];
  return p50 ? Number(p50) : null;
}

export async function run(): Promise<BenchResult> {
  const store = await freshPostgres();
  const redis = createRedis(REDIS_URL, 'liftoff-bench');
  await new Promise<void>((r) => redis.once('ready', () => r()));
  try {
    const user = await createUser(store.db, {
      email: 'bench@example.io',
      name: 'Bench',
      password: 'bench-password-123',
      roles: ['engineer'],
    });
    const cached = { db: store.db, redis };
    const { token } = await createSession(cached, user.id, 1);
    await redis.set('liftoff:bench:raw', 'x'.repeat(120));

    for (let i = 0; i < 500; i++)
      await Promise.all([validateSession(cached, token), redis.get('liftoff:bench:raw')]); // warm up
    const raw = percentiles(await timeEach(N, () => redis.get('liftoff:bench:raw')));
    const hit = percentiles(await timeEach(N, () => validateSession(cached, token)));
    const off = { db: store.db, redis: null };
    for (let i = 0; i < 200; i++) await validateSession(off, token);
    const pg = percentiles(await timeEach(N, () => validateSession(off, token)));
    const cli = redisBenchmarkGet();

    const pass = hit.p99 < 1;
    return {
      name: 'session-validation',
      pass,
      lines: [
        `raw Redis GET (ioredis, same run): p50 ${ms(raw.p50)}  p99 ${ms(raw.p99)}`,
        cli === null
          ? 'redis-benchmark -t get: not installed'
          : `redis-benchmark -t get -c 1: p50 ${ms(cli)}`,
        `validate, Redis cache warm: p50 ${ms(hit.p50)} (${ratio(hit.p50, raw.p50)} raw GET)  p99 ${ms(hit.p99)} (${ratio(hit.p99, raw.p99)})  target p99 < 1 ms: ${pass ? 'PASS' : 'FAIL'}`,
        `validate, Redis off (PostgreSQL): p50 ${ms(pg.p50)} (${ratio(pg.p50, raw.p50)} raw GET)  p99 ${ms(pg.p99)}`,
      ],
    };
  } finally {
    redis.disconnect();
    await store.close();
  }
}
