import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicTargets, type TargetsConfig } from '@/lib/config/targets';
import type { Database } from '@/lib/db/client';
import { clearPanelCache, type HealthOverview, healthOverview, Monitor } from '@/lib/monitor';
import { closeProbeClients } from '@/lib/probes';
import { parseInfo } from '@/lib/probes/redis-info';
import { freshPostgres } from '../support/db';
import {
  type HttpInstanceServer,
  type RedisServer,
  startHttpInstance,
  startRedisServer,
} from '../support/probe-servers';
import {
  configOf,
  httpTarget,
  postgresTarget,
  prometheusTarget,
  redisTarget,
  waitFor,
} from './monitor-fixtures';

const ENV = 'staging';
const INTERVAL_MS = 400;
const TIMING = { intervalMs: INTERVAL_MS, timeoutMs: 300 };
const REDIS_PASSWORD = 'r3dis-Overview-S3cret';
const METRICS_PASSWORD = 'pr0m-Overview-S3cret';

describe("health overview from the scheduler's samples", () => {
  let store: Database & { url: string };
  let redis: RedisServer;
  let api: HttpInstanceServer[];
  let config: TargetsConfig;
  let monitor: Monitor;
  let admin: Redis;

  const overview = (range = '15m') =>
    healthOverview({ environment: ENV, range }, { db: store.db, config, panels: false });
  const target = (o: HealthOverview, name: string) => o.targets.find((t) => t.name === name)!;

  beforeAll(async () => {
    [store, redis, ...api] = await Promise.all([
      freshPostgres(),
      startRedisServer({ password: REDIS_PASSWORD }),
      startHttpInstance('api-1'),
      startHttpInstance('api-2'),
    ]);
    const metricsUrl = new URL(`${api[0]!.url}/metrics`);
    metricsUrl.username = 'scraper';
    metricsUrl.password = METRICS_PASSWORD;
    config = configOf({
      [ENV]: [
        redisTarget(ENV, 'cache', redis.url, TIMING),
        postgresTarget(ENV, 'main', store.url, TIMING),
        httpTarget(
          ENV,
          'api',
          api.map((a) => ({ name: a.name, url: a.url })),
          { ...TIMING, healthPath: '/api/v1/health' },
        ),
        prometheusTarget(ENV, 'api', metricsUrl.toString(), TIMING),
      ],
      other: [],
    });
    monitor = new Monitor({ store, config: () => config, leaseMs: 500 });
    monitor.start();
    admin = new Redis(redis.url, { maxRetriesPerRequest: 0, lazyConnect: true });
    admin.on('error', () => {});
    await admin.connect();
    await waitFor('a healthy overview', async () => (await overview()).status === 'healthy', 15_000);
  });

  afterAll(async () => {
    admin?.disconnect();
    await monitor?.stop();
    await closeProbeClients();
    clearPanelCache();
    await Promise.all([store?.close(), redis?.dispose(), ...(api ?? []).map((a) => a.stop())]);
  });

  it('lists every target with its status, latency and instances', async () => {
    const o = await overview('1h');
    expect(o).toMatchObject({
      environment: ENV,
      environments: [ENV, 'other'],
      range: '1h',
      status: 'healthy',
    });
    expect(o.reasons).toEqual([]);
    expect(o.targets.map((t) => [t.name, t.kind, t.status])).toEqual([
      ['redis:cache', 'redis', 'healthy'],
      ['postgres:main', 'postgres', 'healthy'],
      ['http:api', 'http', 'healthy'],
      ['prometheus:api', 'prometheus', 'healthy'],
    ]);
    const http = target(o, 'http:api');
    expect(http.instances?.map((i) => [i.name, i.status])).toEqual([
      ['api-1', 'up'],
      ['api-2', 'up'],
    ]);
    expect(http.instances?.[0]?.sparkline.length).toBeGreaterThan(0);
    expect(target(o, 'redis:cache').latencyMs).toBeGreaterThan(0);
    expect(o.series.latencyTarget).toBe('redis:cache');
    expect(o.series.latency.length).toBeGreaterThan(0);
    expect(o.series.targets).toEqual({ latencyTargetMs: 5, hitRateTarget: 0.9 });
  });

  it('reports an unknown environment (404, listing them) and a bad range (400)', async () => {
    await expect(healthOverview({ environment: 'nope' }, { db: store.db, config })).rejects.toMatchObject({
      code: 'not_found',
      message: 'Unknown environment "nope". Configured: staging, other.',
    });
    await expect(
      healthOverview({ environment: ENV, range: '3d' }, { db: store.db, config }),
    ).rejects.toMatchObject({ code: 'bad_request' });
  });

  it('goes unhealthy within two intervals of Redis stopping, and healthy again after it starts', async () => {
    await redis.stop();
    const down = await waitFor('redis:cache unhealthy', async () => {
      const o = await overview();
      return o.status === 'unhealthy' && target(o, 'redis:cache').status === 'unhealthy' ? o : null;
    });
    expect(down.elapsedMs).toBeLessThan(2 * INTERVAL_MS);
    expect(down.value.reasons[0]).toMatch(/^redis:cache is unreachable: /);
    expect(target(down.value, 'postgres:main').status).toBe('healthy');

    await redis.start();
    const up = await waitFor('healthy again', async () => (await overview()).status === 'healthy', 15_000);
    expect(up.elapsedMs).toBeLessThan(15_000);
  });

  it('marks one stopped HTTP instance down while the other stays up', async () => {
    await api[1]!.stop();
    try {
      const { value: o } = await waitFor('api-2 down', async () => {
        const o = await overview();
        return target(o, 'http:api').instances?.[1]?.status === 'down' ? o : null;
      });
      const http = target(o, 'http:api');
      expect(http.status).toBe('degraded');
      expect(http.instances?.[0]).toMatchObject({ name: 'api-1', status: 'up' });
      expect(http.instances?.[1]).toMatchObject({ name: 'api-2', status: 'down' });
      expect(http.instances?.[1]?.lastError).toMatch(/connection refused/);
      expect(o.status).toBe('degraded');
      expect(o.reasons).toContain(`http:api instance api-2 is down: ${http.instances?.[1]?.lastError}`);
    } finally {
      await api[1]!.start();
    }
    await waitFor(
      'api-2 up',
      async () => target(await overview(), 'http:api').instances?.[1]?.status === 'up',
    );
  });

  it("reports the cache hit rate Redis's INFO counters give between two samples", async () => {
    // Writes are not lookups: the window holds only the transaction below.
    await admin.set('session:a', '1');
    await admin.set('session:b', '1');
    const infoBefore = parseInfo(await admin.info('stats')).stats!;
    // Atomic, so no scheduler sample can split it: 30 hits and 10 misses.
    const tx = admin.multi();
    for (let i = 0; i < 15; i++) tx.get('session:a').get('session:b');
    for (let i = 0; i < 10; i++) tx.get(`missing:${i}`);
    await tx.exec();
    const infoAfter = parseInfo(await admin.info('stats')).stats!;
    const hits = Number(infoAfter.keyspace_hits) - Number(infoBefore.keyspace_hits);
    const misses = Number(infoAfter.keyspace_misses) - Number(infoBefore.keyspace_misses);
    expect([hits, misses]).toEqual([30, 10]);
    const done = Date.now();

    // Once a probe has started after the transaction, the window that holds it is written.
    const { value: o } = await waitFor('a sample after the lookups', async () => {
      const o = await overview();
      const last = target(o, 'redis:cache').lastSampleAt;
      return last && Date.parse(last) > done && o.cache.hitRate !== null ? o : null;
    });
    expect(o.cache).toMatchObject({ target: 'redis:cache' });
    expect(o.cache.hitRate).toBeCloseTo(hits / (hits + misses), 10);
    expect(o.series.hitRate.at(-1)?.value).toBeGreaterThan(0);
  });

  it('never shows a password from the configuration', async () => {
    const full = await healthOverview({ environment: ENV, range: '1h' }, { db: store.db, config });
    expect(full.panels.redis).toMatchObject({ ok: true, target: 'redis:cache' });
    expect(full.panels.postgres).toMatchObject({ ok: true, target: 'postgres:main' });
    const text = JSON.stringify([full, publicTargets(config)]);
    for (const secret of [REDIS_PASSWORD, METRICS_PASSWORD]) expect(text).not.toContain(secret);
    expect(text).toContain('scraper:***@');

    // Nor when a target fails and its error is shown.
    await redis.stop();
    try {
      clearPanelCache();
      const { value: failing } = await waitFor('redis:cache unreachable', async () => {
        const o = await healthOverview({ environment: ENV }, { db: store.db, config });
        return target(o, 'redis:cache').status === 'unhealthy' && o.panels.redis?.ok === false ? o : null;
      });
      expect(JSON.stringify(failing)).not.toContain(REDIS_PASSWORD);
    } finally {
      await redis.start();
    }
  });
});
