import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCheck } from '@/lib/checks/format';
import { parseCheck } from '@/lib/checks/parser';
import type { TargetsConfig } from '@/lib/config/targets';
import { closeProbeClients, runCheck } from '@/lib/probes';
import type { Percentiles } from '@/lib/probes/outcome';
import { parseInfo } from '@/lib/probes/redis-info';
import { ADMIN_URL } from '../support/db';
import {
  type HttpInstanceServer,
  type RedisServer,
  startHttpInstance,
  startRedisServer,
} from '../support/probe-servers';
import { configOf, httpTarget, postgresTarget, redisTarget } from './monitor-fixtures';

/**
 * Probes that summarise several measurements or server figures: PING and request latency
 * percentiles, Redis memory against its limit, PostgreSQL replication lag. Each is one entry in
 * its kind's probe table; here against the real servers the tests start.
 */

const ENV = 'production';
const TIMING = { intervalMs: 10_000, timeoutMs: 5_000 };

function ordered(p: Percentiles) {
  expect(p.minMs).toBeLessThanOrEqual(p.p50Ms);
  expect(p.p50Ms).toBeLessThanOrEqual(p.p95Ms);
  expect(p.p95Ms).toBeLessThanOrEqual(p.p99Ms);
  expect(p.p99Ms).toBeLessThanOrEqual(p.maxMs);
}

describe('latency, memory and replication-lag probes', () => {
  let limited: RedisServer;
  let unlimited: RedisServer;
  let api: HttpInstanceServer[];
  let config: TargetsConfig;

  beforeAll(async () => {
    [limited, unlimited, ...api] = await Promise.all([
      startRedisServer({ maxmemory: '64mb', appendonly: false }),
      startRedisServer({ maxmemory: '0', appendonly: false }),
      startHttpInstance('api-1'),
      startHttpInstance('api-2', { '/down': (_req, res) => res.writeHead(503).end('down') }),
    ]);
    config = configOf({
      [ENV]: [
        redisTarget(ENV, 'cache', limited.url, TIMING),
        redisTarget(ENV, 'nolimit', unlimited.url, TIMING),
        httpTarget(
          ENV,
          'api',
          api.map((a) => ({ name: a.name, url: a.url })),
          TIMING,
        ),
        postgresTarget(ENV, 'main', ADMIN_URL, TIMING),
      ],
    });
  });
  afterAll(async () => {
    await closeProbeClients();
    await Promise.all([limited?.dispose(), unlimited?.dispose(), ...(api ?? []).map((a) => a.stop())]);
  });

  it('write the default count back without it and refuse a count out of range', () => {
    const parsed = parseCheck('redis:cache latency 20 < 5ms');
    expect(parsed.ok && formatCheck(parsed.check)).toBe('redis:cache latency < 5ms');
    const more = parseCheck('http:api LATENCY 50 get /health [VALUE] < 200ms');
    expect(more.ok && formatCheck(more.check)).toBe('http:api latency 50 GET /health < 200ms');
    expect(parseCheck('redis:cache latency 0')).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/sample count must be from 1 to 1000 at column 20/) },
    });
  });

  it('redis latency: that many PINGs, p99 as the value and p50 as the latency', async () => {
    const run = await runCheck(config, ENV, 'redis:cache latency 40 < 1s');
    expect(run.ok).toBe(true);
    const [r] = run.results;
    const figures = r?.evidence.probe.body as Percentiles;
    expect(figures.samples).toBe(40);
    ordered(figures);
    expect(r?.value).toBe(figures.p99Ms);
    expect(r?.latencyMs).toBe(figures.p50Ms);
    const admin = new Redis(limited.url);
    try {
      const ping = parseInfo(await admin.info('commandstats')).commandstats?.cmdstat_ping as Record<
        string,
        number
      >;
      const calls = Number(ping?.calls);
      expect(calls).toBeGreaterThanOrEqual(40);
    } finally {
      admin.disconnect();
    }
  });

  it('redis memory: used over maxmemory, or over the machine without a limit', async () => {
    const admin = new Redis(limited.url);
    try {
      await admin.set('ballast', 'x'.repeat(4 * 1024 * 1024));
      const run = await runCheck(config, ENV, 'redis:cache memory < 0.9');
      const [r] = run.results;
      const body = r?.evidence.probe.body as { usedBytes: number; limitBytes: number; limit: string };
      expect(body).toMatchObject({ limit: 'maxmemory', limitBytes: 64 * 1024 * 1024 });
      expect(body.usedBytes).toBeGreaterThan(4 * 1024 * 1024);
      expect(r?.value).toBe(body.usedBytes / body.limitBytes);
      expect(run.ok).toBe(true);
      expect((await runCheck(config, ENV, 'redis:cache memory < 0.01')).ok).toBe(false);
    } finally {
      admin.disconnect();
    }
    const free = (await runCheck(config, ENV, 'redis:nolimit memory')).results[0];
    expect(free?.evidence.probe.body).toMatchObject({ limit: 'system' });
    expect(free?.value).toBeGreaterThan(0);
  });

  it('http latency: that many requests on each instance, the worst status as [STATUS]', async () => {
    const before = api.map((a) => a.seen.length);
    const run = await runCheck(config, ENV, 'http:api latency 15 GET /api/v1/health');
    expect(run.ok).toBe(true);
    expect(api.map((a, i) => a.seen.length - (before[i] ?? 0))).toEqual([15, 15]);
    for (const r of run.results) {
      const body = r.evidence.probe.body as Percentiles & { statuses: Record<string, number> };
      expect(body).toMatchObject({ samples: 15, statuses: { 200: 15 } });
      ordered(body);
      expect(r.value).toBe(body.p99Ms);
    }
    const down = await runCheck(config, ENV, 'http:api latency 3 GET /down');
    expect(down.results.map((r) => [r.instance, r.status, r.ok])).toEqual([
      ['api-1', 404, false],
      ['api-2', 503, false],
    ]);
  });

  it('runs the latency forms the word rules suggest: p95 from the body, p50 as [LATENCY]', async () => {
    const p95 = await runCheck(config, ENV, 'http:api latency 12 GET /api/v1/health [BODY].p95Ms < 60000');
    expect(p95.ok).toBe(true);
    for (const r of p95.results) {
      const body = r.evidence.probe.body as Percentiles;
      ordered(body);
      expect(body.p95Ms).toBeLessThanOrEqual(body.maxMs);
    }
    // No request answers in a microsecond: the condition reads the body's figure and fails.
    expect(
      (await runCheck(config, ENV, 'http:api latency 3 GET /api/v1/health [BODY].p95Ms < 0.001')).ok,
    ).toBe(false);
    const p50 = await runCheck(config, ENV, 'redis:cache latency [LATENCY] < 1s');
    expect(p50.ok).toBe(true);
    const [first] = p50.results;
    expect(first?.latencyMs).toBe((first?.evidence.probe.body as Percentiles | undefined)?.p50Ms);
  });

  it('postgres replication-lag: a primary without standbys says so', async () => {
    const [r] = (await runCheck(config, ENV, 'postgres:main replication-lag < 1s')).results;
    expect(r).toMatchObject({
      ok: false,
      error: 'no standby streams from this server',
      evidence: { probe: { body: { role: 'primary', standbys: 0 } } },
    });
  });
});
