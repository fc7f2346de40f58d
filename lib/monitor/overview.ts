import 'server-only';
import { type SQL, sql } from 'drizzle-orm';
import {
  type EnvironmentConfig,
  environmentNames,
  type Target,
  type TargetsConfig,
  type Thresholds,
  targetsConfig,
} from '@/lib/config/targets';
import { LiftoffError } from '@/lib/core/errors';
import { type Db, getDb, rowsOf } from '@/lib/db/client';
import type { SelfStore } from '@/lib/probes';
import {
  instancesOf,
  PANEL_KINDS,
  type PanelFigures,
  type PanelKind,
  type TargetKind,
  type TargetOf,
} from '@/lib/probes/registry';
import { cachedPanel, type TargetPanel } from './panels';
import {
  HEALTH_RANGES,
  type HealthRange,
  type HitRatePoint,
  type LatencyPoint,
  RANGE_PLANS,
  readSeries,
} from './series';
import {
  type OverallStatus,
  overallStatus,
  type RecentSample,
  type TargetHealth,
  targetHealth,
} from './status';

/** Samples read per target and instance: the sparkline, staleness and recent failures. */
export const SPARKLINE_SAMPLES = 30;

export interface HealthOverview {
  environment: string;
  /** Every configured environment, for the switcher. */
  environments: string[];
  range: HealthRange;
  generatedAt: string;
  status: OverallStatus;
  /** Why the status is not healthy, worst first; empty when healthy. */
  reasons: string[];
  targets: TargetHealth[];
  cache: {
    /** The environment's first Redis target, whose hit rate this is; null without one. */
    target: string | null;
    /** Keyspace hits / lookups between the two latest samples that saw lookups. */
    hitRate: number | null;
    at: string | null;
  };
  series: {
    range: HealthRange;
    bucketMs: number;
    source: 'samples' | 'rollups';
    /** Whose latency the latency chart shows (the cache, else the first target). */
    latencyTarget: string | null;
    hitRate: HitRatePoint[];
    latency: LatencyPoint[];
    /** The dashed target lines. */
    targets: { latencyTargetMs: number; hitRateTarget: number };
  };
  /** The live panel of the environment's first target of each kind that has one. */
  panels: { [K in PanelKind]: TargetPanel<PanelFigures<K>> | null };
  thresholds: Thresholds;
}

export interface OverviewDeps {
  db?: Db;
  config?: TargetsConfig;
  selfStore?: SelfStore;
  now?: Date;
  /** Skip the live panels (they probe Redis and PostgreSQL directly). */
  panels?: boolean;
}

export function parseRange(range: string | null | undefined): HealthRange {
  const value = range ?? '1h';
  if ((HEALTH_RANGES as readonly string[]).includes(value)) return value as HealthRange;
  throw new LiftoffError('bad_request', `range must be one of ${HEALTH_RANGES.join(', ')}; got "${value}".`);
}

export function environmentOrThrow(config: TargetsConfig, environment: string): EnvironmentConfig {
  const env = Object.hasOwn(config.environments, environment) ? config.environments[environment] : undefined;
  if (env) return env;
  const names = environmentNames(config);
  throw new LiftoffError(
    'not_found',
    `Unknown environment "${environment}". Configured: ${names.length ? names.join(', ') : 'none'}.`,
  );
}

interface SampleRow {
  target: string;
  instance: string;
  ok: boolean;
  latency_ms: number | string;
  error: string | null;
  hit_rate: number | string | null;
  at: string | Date;
}

/** The latest samples of every configured target and instance, one index range scan each. */
export async function latestSamples(
  db: Db,
  environment: string,
  targets: readonly Target[],
): Promise<Map<string, Map<string, RecentSample[]>>> {
  const pairs: SQL[] = targets.flatMap((t) =>
    (instancesOf(t)?.map((i) => i.name) ?? ['']).map((instance) => sql`(${t.key}::text, ${instance}::text)`),
  );
  const out = new Map<string, Map<string, RecentSample[]>>();
  if (pairs.length === 0) return out;
  const rows = rowsOf<SampleRow>(
    await db.execute(sql`
      SELECT p.target, p.instance, s.ok, s.latency_ms, s.error, s.hit_rate, s.at
      FROM (VALUES ${sql.join(pairs, sql`, `)}) AS p(target, instance)
      CROSS JOIN LATERAL (
        SELECT ok, latency_ms, error, hit_rate, at FROM probe_samples
        WHERE environment = ${environment} AND target = p.target AND instance = p.instance
        ORDER BY at DESC
        LIMIT ${SPARKLINE_SAMPLES}
      ) s
      ORDER BY p.target, p.instance, s.at DESC`),
  );
  for (const r of rows) {
    let byInstance = out.get(r.target);
    if (!byInstance) {
      byInstance = new Map();
      out.set(r.target, byInstance);
    }
    const list = byInstance.get(r.instance) ?? [];
    list.push({
      ok: r.ok,
      latencyMs: Number(r.latency_ms),
      error: r.error,
      hitRate: r.hit_rate === null ? null : Number(r.hit_rate),
      at: new Date(r.at),
    });
    byInstance.set(r.instance, list);
  }
  return out;
}

const firstOf = <K extends TargetKind>(targets: readonly Target[], kind: K) =>
  targets.find((t) => t.kind === kind) as TargetOf<K> | undefined;

async function livePanels(targets: readonly Target[], opts: { selfStore?: SelfStore }) {
  const read = await Promise.all(
    PANEL_KINDS.map(async (kind) => {
      const target = firstOf(targets, kind);
      return [kind, target ? await cachedPanel(target, opts) : null] as const;
    }),
  );
  return Object.fromEntries(read) as HealthOverview['panels'];
}

/**
 * The health page's data for one environment: overall status with reasons, per-target and
 * per-instance status, the cache hit rate, chart series over `range` and the live panels.
 * Reads what the scheduler's leader wrote, so any instance can serve it.
 */
export async function healthOverview(
  input: { environment: string; range?: string | null },
  deps: OverviewDeps = {},
): Promise<HealthOverview> {
  const range = parseRange(input.range);
  const config = deps.config ?? targetsConfig();
  const env = environmentOrThrow(config, input.environment);
  const db = deps.db ?? (await getDb());
  const now = deps.now ?? new Date();
  const targets = Object.values(env.targets);
  const cacheTarget = firstOf(targets, 'redis');
  const latencyTarget = cacheTarget ?? targets[0];
  const withPanels = deps.panels ?? true;
  const probeOpts = deps.selfStore ? { selfStore: deps.selfStore } : {};

  // Panels probe live while the database is read.
  const panels = livePanels(withPanels ? targets : [], probeOpts);
  const latest = await latestSamples(db, env.name, targets);
  const series = await readSeries(
    db,
    env.name,
    range,
    { latency: latencyTarget?.key ?? null, hitRate: cacheTarget?.key ?? null },
    now,
  );

  const health = targets.map((t) => targetHealth(t, latest.get(t.key) ?? new Map(), env.thresholds, now));
  const { status, reasons } =
    targets.length === 0
      ? { status: 'degraded' as const, reasons: [`No targets are configured for ${env.name}.`] }
      : overallStatus(health);
  const cacheSamples = cacheTarget ? (latest.get(cacheTarget.key)?.get('') ?? []) : [];
  const withRate = cacheSamples.find((s) => s.hitRate !== null);
  const { bucketMs, source } = RANGE_PLANS[range];
  return {
    environment: env.name,
    environments: environmentNames(config),
    range,
    generatedAt: now.toISOString(),
    status,
    reasons,
    targets: health,
    cache: {
      target: cacheTarget?.key ?? null,
      hitRate: withRate?.hitRate ?? null,
      at: withRate?.at.toISOString() ?? null,
    },
    series: {
      range,
      bucketMs,
      source,
      latencyTarget: latencyTarget?.key ?? null,
      ...series,
      targets: {
        latencyTargetMs: env.thresholds.latencyTargetMs,
        hitRateTarget: env.thresholds.hitRateTarget,
      },
    },
    panels: await panels,
    thresholds: { ...env.thresholds },
  };
}
