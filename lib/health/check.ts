import 'server-only';
import { sql } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import { env } from '@/lib/config/env';
import { type Db, database } from '@/lib/db/client';
import { getRedis } from '@/lib/redis/client';

export interface DependencyHealth {
  status: 'ok' | 'error' | 'disabled';
  latencyMs: number;
}
export interface Health {
  status: 'ok' | 'degraded' | 'error';
  dependencies: { postgres: DependencyHealth; redis: DependencyHealth };
}

const PROBE_TIMEOUT_MS = 2_000;

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timeout')), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

async function timed(fn: () => Promise<unknown>): Promise<DependencyHealth> {
  const start = performance.now();
  try {
    await withTimeout(fn(), PROBE_TIMEOUT_MS);
    return { status: 'ok', latencyMs: round(performance.now() - start) };
  } catch {
    return { status: 'error', latencyMs: round(performance.now() - start) };
  }
}

const round = (ms: number) => Math.round(ms * 100) / 100;

export interface HealthDeps {
  db: () => Promise<Db>;
  redis: Redis | null;
}

const processDeps = (): HealthDeps => ({
  db: async () => (await database()).db,
  redis: env().REDIS_URL ? getRedis() : null,
});

/** Liftoff's own health. Says nothing about versions, hosts or credentials. */
export async function checkHealth(deps: HealthDeps = processDeps()): Promise<Health> {
  const { redis } = deps;
  const [postgres, redisHealth] = await Promise.all([
    timed(async () => (await deps.db()).execute(sql`SELECT 1`)),
    redis
      ? timed(() => (redis.status === 'ready' ? redis.ping() : Promise.reject(new Error('down'))))
      : Promise.resolve<DependencyHealth>({ status: 'disabled', latencyMs: 0 }),
  ]);
  const status = postgres.status !== 'ok' ? 'error' : redisHealth.status === 'error' ? 'degraded' : 'ok';
  return { status, dependencies: { postgres, redis: redisHealth } };
}

export async function databaseReachable(): Promise<boolean> {
  return (await timed(async () => (await database()).db.execute(sql`SELECT 1`))).status === 'ok';
}
