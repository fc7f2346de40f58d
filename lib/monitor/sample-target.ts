import 'server-only';
import type { HttpTarget, Target } from '@/lib/config/targets';
import type { HitRateSample, ProbeOptions, ProbeResult } from '@/lib/probes';
import { httpProbe, postgresProbe, prometheusProbe, redisProbe } from '@/lib/probes';
import { type Sample, shortError } from './types';

/**
 * One scheduler tick of one target: the probes the health page needs, each under the target's
 * timeout, turned into sample rows (one per http instance). Never throws: probes never do.
 */

/** The monitor's own hit-rate window (see ProbeOptions.hitRateConsumer). */
export const MONITOR_HIT_RATE_CONSUMER = 'monitor';
/** Always true: the scrape succeeding is what the monitor records (the count goes in `body`). */
const SCRAPE_OK = { type: 'number', value: 1 } as const;

export type SampleOptions = Pick<ProbeOptions, 'signal' | 'selfStore'>;

function row(target: Target, r: ProbeResult, extra: Partial<Sample> = {}): Sample {
  return {
    environment: target.environment,
    target: target.key,
    kind: target.kind,
    instance: '',
    ok: r.ok,
    latencyMs: r.latencyMs,
    value: null,
    hitRate: null,
    error: r.ok ? null : shortError(r.error ?? 'failed'),
    at: new Date(r.at),
    ...extra,
  };
}

const finite = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

async function sampleRedis(target: Target & { kind: 'redis' }, opts: SampleOptions): Promise<Sample[]> {
  const ping = await redisProbe.run(target, { kind: 'redis', op: 'ping' }, opts);
  if (!ping.ok) return [row(target, ping)];
  const info = await redisProbe.run(
    target,
    { kind: 'redis', op: 'hitrate' },
    { ...opts, hitRateConsumer: MONITOR_HIT_RATE_CONSUMER },
  );
  const sample = info.ok ? (info.body as HitRateSample | undefined) : undefined;
  // The first sample after (re)start covers the server's lifetime, not a window: not a delta.
  const hitRate = sample?.since === 'previous' ? finite(sample.hitRate) : null;
  return [row(target, ping, { hitRate })];
}

async function samplePostgres(target: Target & { kind: 'postgres' }, opts: SampleOptions): Promise<Sample[]> {
  const ping = await postgresProbe.run(target, { kind: 'postgres', op: 'ping' }, opts);
  if (!ping.ok) return [row(target, ping)];
  const ratio = await postgresProbe.run(target, { kind: 'postgres', op: 'cache-hit-ratio' }, opts);
  return [row(target, ping, { value: ratio.ok ? finite(ratio.value) : null })];
}

/** Every instance at once: a dead instance must not delay the others' samples. */
function sampleHttp(target: HttpTarget, opts: SampleOptions): Promise<Sample[]> {
  const path = target.healthPath ?? '/';
  return Promise.all(
    target.instances.map(async (instance) => {
      const r = await httpProbe.run(
        target,
        { kind: 'http', op: 'request', method: 'GET', path },
        { ...opts, instance: instance.name },
      );
      const up = r.ok && r.status !== undefined && r.status < 400;
      const error = up ? null : r.ok ? `HTTP ${r.status} from GET ${path}` : shortError(r.error ?? 'failed');
      return row(target, r, { instance: instance.name, ok: up, value: r.status ?? null, error });
    }),
  );
}

async function samplePrometheus(
  target: Target & { kind: 'prometheus' },
  opts: SampleOptions,
): Promise<Sample[]> {
  const r = await prometheusProbe.run(target, { kind: 'prometheus', op: 'expr', expr: SCRAPE_OK }, opts);
  const count = (r.body as { samples?: unknown } | undefined)?.samples;
  return [row(target, r, { value: finite(count) })];
}

export function sampleTarget(target: Target, opts: SampleOptions = {}): Promise<Sample[]> {
  switch (target.kind) {
    case 'redis':
      return sampleRedis(target, opts);
    case 'postgres':
      return samplePostgres(target, opts);
    case 'http':
      return sampleHttp(target, opts);
    case 'prometheus':
      return samplePrometheus(target, opts);
  }
}
