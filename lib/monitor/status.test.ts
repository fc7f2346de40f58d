import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS, type HttpTarget, type RedisTarget } from '@/lib/config/targets';
import { overallStatus, type RecentSample, targetHealth } from './status';

const NOW = new Date('2026-03-01T12:00:00Z');
const redis: RedisTarget = {
  key: 'redis:cache',
  name: 'cache',
  kind: 'redis',
  environment: 'prod',
  intervalMs: 10_000,
  timeoutMs: 2_000,
  url: 'redis://:hunter2-secret@cache:6379',
};
const http: HttpTarget = {
  key: 'http:api',
  name: 'api',
  kind: 'http',
  environment: 'prod',
  intervalMs: 10_000,
  timeoutMs: 2_000,
  instances: [
    { name: 'api-1', url: 'http://user:pw-secret@api-1:8000' },
    { name: 'api-2', url: 'http://api-2:8000' },
  ],
};

/** Samples newest first, one interval apart, ending `agoMs` before NOW. */
function samples(spec: (number | string)[], agoMs = 1_000): RecentSample[] {
  return spec.map((s, i) => ({
    ok: typeof s === 'number',
    latencyMs: typeof s === 'number' ? s : 2_000,
    error: typeof s === 'string' ? s : null,
    hitRate: null,
    at: new Date(NOW.getTime() - agoMs - i * 10_000),
  }));
}
const single = (list: RecentSample[]) => new Map([['', list]]);

describe('target status from the latest samples', () => {
  it('is healthy when the latest probes answer under the threshold', () => {
    const h = targetHealth(redis, single(samples([0.4, 0.5, 0.3])), DEFAULT_THRESHOLDS, NOW);
    expect(h).toMatchObject({ name: 'redis:cache', status: 'healthy', latencyMs: 0.4, reasons: [] });
    expect(h.sparkline).toEqual([0.3, 0.5, 0.4]);
  });

  it('is unhealthy with the probe error when the latest probe failed', () => {
    const h = targetHealth(
      redis,
      single(samples(['redis unreachable: connection refused', 0.4])),
      DEFAULT_THRESHOLDS,
      NOW,
    );
    expect(h.status).toBe('unhealthy');
    expect(h.reasons).toEqual(['redis:cache is unreachable: connection refused']);
    expect(h.lastError).toBe('connection refused');
  });

  it('is degraded when PING is above the threshold, saying by how much', () => {
    const h = targetHealth(redis, single(samples([140])), DEFAULT_THRESHOLDS, NOW);
    expect(h.status).toBe('degraded');
    expect(h.reasons).toEqual(['redis:cache PING 140 ms is above 100 ms']);
  });

  it('is degraded after recent failures even when the latest probe answered', () => {
    const h = targetHealth(
      redis,
      single(samples([0.4, 'timed out after 2000 ms', 0.4])),
      DEFAULT_THRESHOLDS,
      NOW,
    );
    expect(h.status).toBe('degraded');
    expect(h.reasons[0]).toBe('redis:cache: 1 of the last 3 probes failed (timed out after 2000 ms)');
  });

  it('is unknown without a sample in 3 intervals, and never sampled', () => {
    const stale = targetHealth(redis, single(samples([0.4], 45_000)), DEFAULT_THRESHOLDS, NOW);
    expect(stale.status).toBe('unknown');
    expect(stale.reasons).toEqual(['redis:cache has no recent data (last probe 45 s ago)']);
    const never = targetHealth(redis, new Map(), DEFAULT_THRESHOLDS, NOW);
    expect(never.reasons).toEqual(['redis:cache has no recent data (not probed yet)']);
    expect(overallStatus([never]).status).toBe('degraded');
  });

  it('judges http instances one by one and masks their addresses', () => {
    const byInstance = new Map([
      ['api-1', samples([12, 11])],
      ['api-2', samples(['connection refused', 10])],
    ]);
    const h = targetHealth(http, byInstance, DEFAULT_THRESHOLDS, NOW);
    expect(h.status).toBe('degraded');
    expect(h.instances?.map((i) => [i.name, i.status])).toEqual([
      ['api-1', 'up'],
      ['api-2', 'down'],
    ]);
    expect(h.instances?.[0]?.url).toBe('http://user:***@api-1:8000');
    expect(h.reasons).toEqual(['http:api instance api-2 is down: connection refused']);
    expect(JSON.stringify(h)).not.toContain('pw-secret');
  });

  it('makes an http target with every instance down unhealthy', () => {
    const byInstance = new Map([
      ['api-1', samples(['connection refused'])],
      ['api-2', samples(['HTTP 503 from GET /'])],
    ]);
    const h = targetHealth(http, byInstance, DEFAULT_THRESHOLDS, NOW);
    expect(h.status).toBe('unhealthy');
    expect(h.reasons[0]).toBe('http:api is unreachable: all 2 instances are down');
  });
});

describe('overall status', () => {
  it('takes the worst target and lists unhealthy reasons first', () => {
    const slow = targetHealth(redis, single(samples([140])), DEFAULT_THRESHOLDS, NOW);
    const down = targetHealth(
      { ...redis, key: 'redis:queue', name: 'queue' },
      single(samples(['connection refused'])),
      DEFAULT_THRESHOLDS,
      NOW,
    );
    expect(overallStatus([slow, down])).toEqual({
      status: 'unhealthy',
      reasons: ['redis:queue is unreachable: connection refused', 'redis:cache PING 140 ms is above 100 ms'],
    });
    expect(overallStatus([slow]).status).toBe('degraded');
    expect(overallStatus([]).status).toBe('healthy');
  });
});
