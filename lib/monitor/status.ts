import { degradedLimitMs, type Target, type TargetKind, type Thresholds } from '@/lib/config/targets';
import type { InstanceAddress } from '@/lib/probes/kind';
import { instancesOf, kindSpec, TARGET_KINDS } from '@/lib/probes/registry';

/**
 * Health from the latest samples, as sentences a person on call understands. Pure: the
 * overview feeds it samples read from the database.
 */

export type OverallStatus = 'healthy' | 'degraded' | 'unhealthy';
/** `unknown`: not sampled within 3 intervals (the scheduler is down, or just started). */
export type TargetStatus = OverallStatus | 'unknown';
export type InstanceStatus = 'up' | 'down' | 'unknown';

/** A sample as the overview reads it, newest first. */
export interface RecentSample {
  ok: boolean;
  latencyMs: number;
  error: string | null;
  hitRate: number | null;
  at: Date;
}

export interface InstanceHealth {
  name: string;
  /** Masked: no credentials. */
  url: string;
  status: InstanceStatus;
  latencyMs: number | null;
  lastError?: string;
  lastSampleAt: string | null;
  /** Latency of the last ~30 samples, oldest first; failed probes are omitted. */
  sparkline: number[];
}

export interface TargetHealth {
  /** `kind:name`, e.g. `redis:cache`. */
  name: string;
  kind: TargetKind;
  status: TargetStatus;
  /** The latest probe's latency (multi-instance: the slowest instance that is up). */
  latencyMs: number | null;
  lastError?: string;
  lastSampleAt: string | null;
  intervalMs: number;
  reasons: string[];
  /** Single-address targets: latency of the last ~30 samples, oldest first. */
  sparkline?: number[];
  /** Multi-instance kinds (http, tcp). */
  instances?: InstanceHealth[];
}

/** Not sampled within this many intervals: no recent data. */
export const STALE_INTERVALS = 3;
/** Failures among this many latest samples make a target that answers now degraded. */
export const RECENT_SAMPLES = 5;

export function formatMs(ms: number): string {
  if (ms < 10) return `${Math.round(ms * 10) / 10} ms`;
  return `${Math.round(ms)} ms`;
}

function formatAge(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 120) return `${m} min`;
  return `${Math.round(m / 60)} h`;
}

const UNREACHABLE_RE = new RegExp(`^(${TARGET_KINDS.join('|')}) unreachable:\\s*`, 'i');

/** `redis unreachable: connection refused` reads `connection refused` after "is unreachable:". */
function cause(error: string | null): string {
  return (error ?? 'no answer').replace(UNREACHABLE_RE, '');
}

/** The latency above which a target's probe makes it degraded (its kind's threshold). */
export function thresholdFor(kind: TargetKind, t: Thresholds): number {
  return degradedLimitMs(kind, t);
}

interface SeriesVerdict {
  state: 'up' | 'down' | 'stale' | 'none';
  latest?: RecentSample;
  /** Failed probes among the RECENT_SAMPLES latest, the latest excluded. */
  recentFailures: number;
  recentTotal: number;
  lastFailure?: RecentSample;
}

function judge(samples: readonly RecentSample[], intervalMs: number, now: Date): SeriesVerdict {
  const latest = samples[0];
  const recent = samples.slice(1, RECENT_SAMPLES);
  const failed = recent.filter((s) => !s.ok);
  const verdict = {
    recentFailures: failed.length,
    recentTotal: recent.length + (latest ? 1 : 0),
    ...(failed[0] ? { lastFailure: failed[0] } : {}),
  };
  if (!latest) return { state: 'none', ...verdict };
  if (now.getTime() - latest.at.getTime() > STALE_INTERVALS * intervalMs) {
    return { state: 'stale', latest, ...verdict };
  }
  return { state: latest.ok ? 'up' : 'down', latest, ...verdict };
}

const sparkline = (samples: readonly RecentSample[]) =>
  samples
    .filter((s) => s.ok)
    .map((s) => Math.round(s.latencyMs * 1000) / 1000)
    .reverse();

function noData(who: string, v: SeriesVerdict, now: Date): string {
  return v.latest
    ? `${who} has no recent data (last probe ${formatAge(now.getTime() - v.latest.at.getTime())} ago)`
    : `${who} has no recent data (not probed yet)`;
}

function flapping(who: string, v: SeriesVerdict): string {
  return `${who}: ${v.recentFailures} of the last ${v.recentTotal} probes failed (${cause(v.lastFailure?.error ?? null)})`;
}

const rank: Record<TargetStatus, number> = { healthy: 0, unknown: 1, degraded: 1, unhealthy: 2 };

/** A single-address target: redis, postgres, prometheus. */
function singleTarget(
  target: Target,
  samples: readonly RecentSample[],
  thresholds: Thresholds,
  now: Date,
): TargetHealth {
  const v = judge(samples, target.intervalMs, now);
  const base = {
    name: target.key,
    kind: target.kind,
    latencyMs: v.latest?.ok ? v.latest.latencyMs : null,
    lastSampleAt: v.latest?.at.toISOString() ?? null,
    intervalMs: target.intervalMs,
    sparkline: sparkline(samples),
    ...(v.latest && !v.latest.ok ? { lastError: cause(v.latest.error) } : {}),
  };
  if (v.state === 'none' || v.state === 'stale') {
    return { ...base, status: 'unknown', reasons: [noData(target.key, v, now)] };
  }
  if (v.state === 'down') {
    return {
      ...base,
      status: 'unhealthy',
      reasons: [`${target.key} is unreachable: ${cause(v.latest!.error)}`],
    };
  }
  const reasons: string[] = [];
  const limit = thresholdFor(target.kind, thresholds);
  const latency = v.latest!.latencyMs;
  if (latency > limit) {
    reasons.push(
      `${target.key} ${kindSpec(target.kind).health.probe} ${formatMs(latency)} is above ${formatMs(limit)}`,
    );
  }
  if (v.recentFailures > 0) reasons.push(flapping(target.key, v));
  return { ...base, status: reasons.length ? 'degraded' : 'healthy', reasons };
}

/** A multi-instance target (http, tcp): each instance judged on its own, then the target. */
function multiInstanceTarget(
  target: Target,
  addresses: readonly InstanceAddress[],
  byInstance: ReadonlyMap<string, readonly RecentSample[]>,
  thresholds: Thresholds,
  now: Date,
): TargetHealth {
  const limit = thresholdFor(target.kind, thresholds);
  const reasons: string[] = [];
  const instances: InstanceHealth[] = addresses.map((instance) => {
    const samples = byInstance.get(instance.name) ?? [];
    const v = judge(samples, target.intervalMs, now);
    const who = `${target.key} instance ${instance.name}`;
    const status: InstanceStatus = v.state === 'up' ? 'up' : v.state === 'down' ? 'down' : 'unknown';
    if (v.state === 'none' || v.state === 'stale') reasons.push(noData(who, v, now));
    else if (v.state === 'down') reasons.push(`${who} is down: ${cause(v.latest!.error)}`);
    else {
      if (v.latest!.latencyMs > limit) {
        reasons.push(`${who} answered in ${formatMs(v.latest!.latencyMs)}, above ${formatMs(limit)}`);
      }
      if (v.recentFailures > 0) reasons.push(flapping(who, v));
    }
    return {
      name: instance.name,
      url: instance.address,
      status,
      latencyMs: v.latest?.ok ? v.latest.latencyMs : null,
      ...(v.latest && !v.latest.ok ? { lastError: cause(v.latest.error) } : {}),
      lastSampleAt: v.latest?.at.toISOString() ?? null,
      sparkline: sparkline(samples),
    };
  });
  const up = instances.filter((i) => i.status === 'up');
  const down = instances.filter((i) => i.status === 'down');
  let status: TargetStatus;
  if (instances.length > 0 && down.length === instances.length) {
    status = 'unhealthy';
    reasons.unshift(
      instances.length === 1
        ? `${target.key} is unreachable: ${instances[0]?.lastError ?? 'no answer'}`
        : `${target.key} is unreachable: all ${instances.length} instances are down`,
    );
  } else if (up.length === 0) status = down.length ? 'unhealthy' : 'unknown';
  else status = reasons.length ? 'degraded' : 'healthy';
  const latest = instances
    .map((i) => i.lastSampleAt)
    .filter((t): t is string => t !== null)
    .sort()
    .at(-1);
  const lastError = instances.find((i) => i.lastError)?.lastError;
  return {
    name: target.key,
    kind: target.kind,
    status,
    latencyMs: up.length ? Math.max(...up.map((i) => i.latencyMs ?? 0)) : null,
    ...(lastError ? { lastError } : {}),
    lastSampleAt: latest ?? null,
    intervalMs: target.intervalMs,
    reasons,
    instances,
  };
}

/**
 * One target's health from its latest samples (newest first), keyed by instance name
 * ('' for single-address targets). `only` judges just those instances (the others' samples
 * are not settled yet, for health notifications).
 */
export function targetHealth(
  target: Target,
  byInstance: ReadonlyMap<string, readonly RecentSample[]>,
  thresholds: Thresholds,
  now: Date,
  only?: ReadonlySet<string>,
): TargetHealth {
  const instances = instancesOf(target);
  if (!instances) return singleTarget(target, byInstance.get('') ?? [], thresholds, now);
  const judged = only ? instances.filter((i) => only.has(i.name)) : instances;
  return multiInstanceTarget(target, judged, byInstance, thresholds, now);
}

/** Worst target wins; unknown counts as degraded. Unhealthy reasons come first. */
export function overallStatus(targets: readonly TargetHealth[]): {
  status: OverallStatus;
  reasons: string[];
} {
  const sorted = [...targets].sort((a, b) => rank[b.status] - rank[a.status]);
  const reasons = sorted.flatMap((t) => t.reasons);
  const worst = sorted[0]?.status ?? 'healthy';
  const status: OverallStatus = worst === 'unknown' ? 'degraded' : worst;
  return { status, reasons };
}
