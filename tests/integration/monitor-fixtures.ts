import { setTimeout as sleep } from 'node:timers/promises';
import {
  DEFAULT_THRESHOLDS,
  type HttpTarget,
  type PostgresTarget,
  type PrometheusTarget,
  type RedisTarget,
  type Target,
  type TargetsConfig,
  type Thresholds,
} from '@/lib/config/targets';

/**
 * Targets configurations built in code: the YAML file refuses intervals under a second, and
 * these tests run the scheduler at a few hundred milliseconds.
 */

type Timing = { intervalMs: number; timeoutMs: number };

export const redisTarget = (env: string, name: string, url: string, t: Timing): RedisTarget => ({
  key: `redis:${name}`,
  name,
  kind: 'redis',
  environment: env,
  url,
  ...t,
});

export const postgresTarget = (env: string, name: string, url: string | null, t: Timing): PostgresTarget => ({
  key: `postgres:${name}`,
  name,
  kind: 'postgres',
  environment: env,
  url,
  ...t,
});

export const httpTarget = (
  env: string,
  name: string,
  instances: { name: string; url: string }[],
  t: Timing & { healthPath?: string },
): HttpTarget => ({
  key: `http:${name}`,
  name,
  kind: 'http',
  environment: env,
  instances,
  ...t,
});

export const prometheusTarget = (env: string, name: string, url: string, t: Timing): PrometheusTarget => ({
  key: `prometheus:${name}`,
  name,
  kind: 'prometheus',
  environment: env,
  url,
  ...t,
});

export function configOf(
  environments: Record<string, Target[]>,
  thresholds: Partial<Thresholds> = {},
): TargetsConfig {
  return {
    source: { type: 'default' },
    environments: Object.fromEntries(
      Object.entries(environments).map(([name, targets]) => [
        name,
        {
          name,
          thresholds: { ...DEFAULT_THRESHOLDS, ...thresholds },
          targets: Object.fromEntries(targets.map((t) => [t.key, t])),
        },
      ]),
    ),
  };
}

/** Polls `fn` until it returns a truthy value; fails with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, fn: () => Promise<T> | T, timeoutMs = 10_000, everyMs = 25) {
  const start = performance.now();
  let last: unknown;
  for (;;) {
    try {
      const value = await fn();
      if (value) return { value, elapsedMs: performance.now() - start };
    } catch (err) {
      last = err;
    }
    if (performance.now() - start > timeoutMs) {
      throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    }
    await sleep(everyMs);
  }
}
