import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TargetsConfig } from '@/lib/config/targets';
import type { LiftoffError } from '@/lib/core/errors';
import { evaluateCheck } from '@/lib/monitor';
import { closeProbeClients } from '@/lib/probes';
import {
  type HttpInstanceServer,
  type RedisServer,
  startHttpInstance,
  startRedisServer,
} from '../support/probe-servers';
import { configOf, httpTarget, redisTarget } from './monitor-fixtures';

const TIMING = { intervalMs: 10_000, timeoutMs: 2_000 };
const PASSWORD = 'ev4luate-S3cret';

describe('evaluate a check now (POST /api/v1/checks/evaluate)', () => {
  let redis: RedisServer;
  let api: HttpInstanceServer[];
  let config: TargetsConfig;

  const refusal = async (check: string, environment = 'staging') => {
    try {
      await evaluateCheck(config, { environment, check });
    } catch (err) {
      return err as LiftoffError;
    }
    throw new Error('expected a refusal');
  };

  beforeAll(async () => {
    [redis, ...api] = await Promise.all([
      startRedisServer({ password: PASSWORD }),
      startHttpInstance('api-1'),
      startHttpInstance('api-2'),
    ]);
    config = configOf({
      staging: [
        redisTarget('staging', 'cache', redis.url, TIMING),
        httpTarget(
          'staging',
          'api',
          api.map((a) => ({ name: a.name, url: a.url })),
          TIMING,
        ),
      ],
    });
  });
  afterAll(async () => {
    await closeProbeClients();
    await Promise.all([redis?.dispose(), ...(api ?? []).map((a) => a.stop())]);
  });

  it('runs a passing check', async () => {
    const r = await evaluateCheck(config, { environment: 'staging', check: 'redis:cache ping' });
    expect(r).toMatchObject({ ok: true, check: 'redis:cache ping', environment: 'staging' });
    expect(r.results).toHaveLength(1);
    expect(r.results[0]).toMatchObject({ target: 'redis:cache', ok: true, value: 'PONG' });
    expect(r.results[0]?.latencyMs).toBeGreaterThan(0);
  });

  it('runs a failing check and shows the evidence', async () => {
    const r = await evaluateCheck(config, {
      environment: 'staging',
      check: 'redis:cache config maxmemory == 1mb',
    });
    expect(r.ok).toBe(false);
    expect(r.results[0]).toMatchObject({ ok: false, value: 536870912 });
    expect(r.results[0]?.error).toMatch(/maxmemory|1mb|536870912/i);
    expect(r.results[0]?.evidence.probe.value).toBe(536870912);
    expect(r.results[0]?.evidence.conditions[0]).toMatchObject({ ok: false });
    expect(JSON.stringify(r)).not.toContain(PASSWORD);
  });

  it('runs an http check on every instance', async () => {
    const r = await evaluateCheck(config, {
      environment: 'staging',
      check: 'http:api GET /api/v1/health [STATUS] == 200 && [BODY].dependencies.redis.status == ok',
    });
    expect(r.ok).toBe(true);
    expect(r.results.map((x) => [x.instance, x.ok, x.status])).toEqual([
      ['api-1', true, 200],
      ['api-2', true, 200],
    ]);
  });

  it('refuses a syntax error with 400 and the column', async () => {
    const err = await refusal('redis:cache pnig');
    expect(err.code).toBe('bad_request');
    expect(err.message).toMatch(/^The check is not valid: unknown probe "pnig" for redis at column 12/);
    expect(err.details).toMatchObject({ column: 12, token: 'pnig' });
  });

  it('refuses an unknown target or environment with 400, naming the configured ones', async () => {
    const target = await refusal('redis:nope ping');
    expect(target.code).toBe('bad_request');
    expect(target.message).toBe('Unknown target "redis:nope" in staging; configured: redis:cache, http:api.');
    const env = await refusal('redis:cache ping', 'production');
    expect(env.code).toBe('bad_request');
    expect(env.message).toBe('Unknown environment "production"; configured: staging.');
  });
});
