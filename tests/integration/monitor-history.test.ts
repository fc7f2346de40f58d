import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, rowsOf } from '@/lib/db/client';
import { probeRollups, probeSamples } from '@/lib/db/schema';
import { Monitor, pruneHistory, rollupMinutes } from '@/lib/monitor';
import { closeProbeClients } from '@/lib/probes';
import { backends } from '../support/db';
import {
  type HttpInstanceServer,
  type RedisServer,
  startHttpInstance,
  startRedisServer,
} from '../support/probe-servers';
import { configOf, httpTarget, postgresTarget, redisTarget, waitFor } from './monitor-fixtures';

const ENV = 'hist';
const TIMING = { intervalMs: 300, timeoutMs: 250 };
const MINUTE = 60_000;

interface RawRow {
  target: string;
  instance: string;
  ok: boolean;
  latency_ms: number;
  at: Date;
}

/** percentile_cont: linear interpolation between the two closest ranks. */
function percentileCont(sorted: number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

describe.each(backends)('monitor history on %s', (backend, open) => {
  let store: Database & { url?: string };
  let redis: RedisServer;
  let api: HttpInstanceServer[];

  beforeAll(async () => {
    [store, redis, ...api] = await Promise.all([
      open(),
      startRedisServer(),
      startHttpInstance('api-1'),
      startHttpInstance('api-2'),
    ]);
  });
  afterAll(async () => {
    await closeProbeClients();
    await Promise.all([store?.close(), redis?.dispose(), ...(api ?? []).map((a) => a.stop())]);
  });

  it('the scheduler probes every target and instance on its interval and writes samples', async () => {
    const config = configOf({
      [ENV]: [
        redisTarget(ENV, 'cache', redis.url, TIMING),
        httpTarget(
          ENV,
          'api',
          api.map((a) => ({ name: a.name, url: a.url })),
          { ...TIMING, healthPath: '/api/v1/health' },
        ),
        postgresTarget(ENV, 'main', backend === 'postgres' ? (store.url ?? null) : null, TIMING),
      ],
    });
    const monitor = new Monitor({
      store,
      config: () => config,
      selfStore: async () => store,
      leaseMs: 400,
    });
    monitor.start();
    try {
      await waitFor(
        'five samples of every target and instance',
        async () => {
          const counts = rowsOf<{ target: string; instance: string; n: number }>(
            await store.db.execute(sql`
              SELECT target, instance, count(*)::int AS n FROM probe_samples GROUP BY 1, 2`),
          );
          return counts.length === 4 && counts.every((c) => c.n >= 5);
        },
        15_000,
      );
      expect(monitor.isLeader).toBe(true);
      expect(monitor.leadership).toBe(backend === 'postgres' ? 'postgres' : 'local');
    } finally {
      await monitor.stop();
    }
    const rows = await store.db.select().from(probeSamples);
    expect(rows.every((r) => r.environment === ENV && r.ok && r.error === null)).toBe(true);
    const http = rows.filter((r) => r.target === 'http:api');
    expect(new Set(http.map((r) => r.instance))).toEqual(new Set(['api-1', 'api-2']));
    expect(http.every((r) => r.value === 200 && r.kind === 'http')).toBe(true);
    expect(api.every((a) => a.seen.includes('/api/v1/health'))).toBe(true);
    const pg = rows.filter((r) => r.target === 'postgres:main');
    expect(pg.every((r) => r.value === null || (r.value >= 0 && r.value <= 1))).toBe(true);
    const cache = rows.filter((r) => r.target === 'redis:cache');
    expect(cache.every((r) => r.latencyMs > 0 && r.latencyMs < 100 && r.instance === '')).toBe(true);

    // About one probe per interval per target: fixed rate, no overlap.
    const times = cache.map((r) => r.at.getTime()).sort((a, b) => a - b);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(Math.min(...gaps)).toBeGreaterThan(TIMING.intervalMs * 0.5);
  });

  it('rolls up complete minutes to exactly what the raw samples say', async () => {
    // A known minute well in the past: latencies 1..100 ms, every tenth probe failed.
    const minute = Math.floor((Date.now() - 10 * MINUTE) / MINUTE) * MINUTE;
    const synthetic = Array.from({ length: 100 }, (_, i) => ({
      environment: ENV,
      target: 'redis:synthetic',
      kind: 'redis',
      instance: '',
      ok: i % 10 !== 9,
      latencyMs: i + 1,
      hitRate: i % 2 ? 0.8 : 0.9,
      at: new Date(minute + i * 500),
    }));
    await store.db.insert(probeSamples).values(synthetic);

    const now = new Date(Date.now() + 2 * MINUTE);
    const result = await rollupMinutes(store.db, now);
    expect(result.rows).toBeGreaterThan(1);
    const again = await rollupMinutes(store.db, now);
    expect(again.rows).toBeGreaterThan(0);

    const rollups = await store.db.select().from(probeRollups);
    const raw = rowsOf<RawRow>(
      await store.db.execute(sql`SELECT target, instance, ok, latency_ms, at FROM probe_samples`),
    );
    // Every (target, instance, minute) of the raw samples has one rollup with the same figures.
    const groups = new Map<string, RawRow[]>();
    for (const r of raw) {
      const key = `${r.target}|${r.instance}|${Math.floor(new Date(r.at).getTime() / MINUTE) * MINUTE}`;
      groups.set(key, [...(groups.get(key) ?? []), r]);
    }
    expect(rollups).toHaveLength(groups.size);
    for (const r of rollups) {
      const group = groups.get(`${r.target}|${r.instance}|${r.minute.getTime()}`);
      expect(group, `${r.target} ${r.minute.toISOString()}`).toBeDefined();
      const okLatencies = group!
        .filter((g) => g.ok)
        .map((g) => Number(g.latency_ms))
        .sort((a, b) => a - b);
      expect(r.count).toBe(group!.length);
      expect(r.errors).toBe(group!.filter((g) => !g.ok).length);
      for (const [q, value] of [
        [0.5, r.p50],
        [0.95, r.p95],
        [0.99, r.p99],
      ] as const) {
        expect(value).toBeCloseTo(percentileCont(okLatencies, q), 6);
      }
    }
    const known = rollups.find((r) => r.target === 'redis:synthetic');
    expect(known).toMatchObject({ count: 100, errors: 10, minute: new Date(minute) });
    expect(known?.p50).toBeCloseTo(50, 6);
    expect(known?.hitRate).toBeCloseTo(0.85, 6);
  });

  it('prunes raw samples after 24 h and rollups after 30 days, in the leader', async () => {
    const day = 24 * 3_600_000;
    const old = (ms: number) => new Date(Date.now() - ms);
    const base = {
      environment: ENV,
      target: 'redis:old',
      kind: 'redis',
      instance: '',
      ok: true,
      latencyMs: 1,
    };
    await store.db.insert(probeSamples).values([
      { ...base, at: old(day + 60_000) },
      { ...base, at: old(3 * day) },
      { ...base, target: 'redis:fresh', at: old(day - 60_000) },
    ]);
    const rollup = { environment: ENV, kind: 'redis', instance: '', count: 1, errors: 0 };
    await store.db.insert(probeRollups).values([
      { ...rollup, target: 'redis:old', minute: old(31 * day) },
      { ...rollup, target: 'redis:fresh', minute: old(29 * day) },
    ]);
    const count = async (table: 'probe_samples' | 'probe_rollups', target: string) =>
      rowsOf<{ n: number }>(
        await store.db.execute(
          sql`SELECT count(*)::int AS n FROM ${sql.identifier(table)} WHERE target = ${target}`,
        ),
      )[0]?.n;

    // A leader prunes as soon as it leads (then every 10 minutes).
    const monitor = new Monitor({ store, config: () => configOf({ [ENV]: [] }), leaseMs: 400 });
    monitor.start();
    try {
      await waitFor('old rows pruned', async () => (await count('probe_samples', 'redis:old')) === 0);
      await waitFor('old rollups pruned', async () => (await count('probe_rollups', 'redis:old')) === 0);
    } finally {
      await monitor.stop();
    }
    expect(await count('probe_samples', 'redis:fresh')).toBe(1);
    expect(await count('probe_rollups', 'redis:fresh')).toBe(1);
    // Nothing left to prune.
    expect(await pruneHistory(store.db)).toEqual({ samples: 0, rollups: 0 });
  });
});
