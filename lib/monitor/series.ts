import 'server-only';
import { type SQL, sql } from 'drizzle-orm';
import { type Db, rowsOf } from '@/lib/db/client';

/** Chart series over a range: raw samples for short ranges, minute rollups for long ones. */

export const HEALTH_RANGES = ['15m', '1h', '24h', '7d'] as const;
export type HealthRange = (typeof HEALTH_RANGES)[number];

interface RangePlan {
  spanMs: number;
  /** 60-170 points per chart. */
  bucketMs: number;
  source: 'samples' | 'rollups';
}

export const RANGE_PLANS: Record<HealthRange, RangePlan> = {
  '15m': { spanMs: 15 * 60_000, bucketMs: 15_000, source: 'samples' },
  '1h': { spanMs: 3_600_000, bucketMs: 30_000, source: 'samples' },
  '24h': { spanMs: 24 * 3_600_000, bucketMs: 10 * 60_000, source: 'rollups' },
  '7d': { spanMs: 7 * 24 * 3_600_000, bucketMs: 3_600_000, source: 'rollups' },
};

export interface HitRatePoint {
  /** Bucket start, epoch milliseconds. */
  t: number;
  value: number;
}
export interface LatencyPoint {
  t: number;
  p50: number;
  p95: number;
  p99: number;
}

export interface Series {
  hitRate: HitRatePoint[];
  latency: LatencyPoint[];
}

const ts = (ms: number) => sql`${new Date(ms).toISOString()}::timestamptz`;
const bucketOf = (column: SQL, bucketMs: number) =>
  sql`(floor(extract(epoch FROM ${column}) * 1000 / ${bucketMs}::float8) * ${bucketMs}::float8)::float8`;

interface Row {
  t: number | string;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  hit_rate: number | null;
}

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

/** Percentiles of successful probes per bucket, straight from the raw samples. */
function fromSamples(environment: string, target: string, from: number, bucketMs: number): SQL {
  const t = bucketOf(sql`at`, bucketMs);
  return sql`
    SELECT ${t} AS t,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) FILTER (WHERE ok) AS p50,
      percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms) FILTER (WHERE ok) AS p95,
      percentile_cont(0.99) WITHIN GROUP (ORDER BY latency_ms) FILTER (WHERE ok) AS p99,
      avg(hit_rate) AS hit_rate
    FROM probe_samples
    WHERE environment = ${environment} AND target = ${target} AND at >= ${ts(from)}
    GROUP BY 1 ORDER BY 1`;
}

/**
 * Minute rollups merged per bucket. Percentiles cannot be merged exactly; the mean of the
 * minutes' percentiles weighted by their successful probes is close for steady traffic.
 */
function fromRollups(environment: string, target: string, from: number, bucketMs: number): SQL {
  const t = bucketOf(sql`minute`, bucketMs);
  const weighted = (c: SQL) =>
    sql`sum(${c} * (count - errors)) FILTER (WHERE ${c} IS NOT NULL) / nullif(sum(count - errors) FILTER (WHERE ${c} IS NOT NULL), 0)`;
  return sql`
    SELECT ${t} AS t,
      ${weighted(sql`p50`)} AS p50,
      ${weighted(sql`p95`)} AS p95,
      ${weighted(sql`p99`)} AS p99,
      avg(hit_rate) AS hit_rate
    FROM probe_rollups
    WHERE environment = ${environment} AND target = ${target} AND minute >= ${ts(from)}
    GROUP BY 1 ORDER BY 1`;
}

/**
 * Latency (p50/p95/p99) of `latencyTarget` and hit rate of `hitRateTarget` (both `kind:name`,
 * either may be null) over the range ending `now`. Empty buckets are left out.
 */
export async function readSeries(
  db: Db,
  environment: string,
  range: HealthRange,
  targets: { latency: string | null; hitRate: string | null },
  now: Date,
): Promise<Series> {
  const plan = RANGE_PLANS[range];
  const from = now.getTime() - plan.spanMs;
  const query = plan.source === 'samples' ? fromSamples : fromRollups;
  const read = async (target: string | null) =>
    target ? rowsOf<Row>(await db.execute(query(environment, target, from, plan.bucketMs))) : [];
  const latencyRows = await read(targets.latency);
  const hitRows = targets.hitRate === targets.latency ? latencyRows : await read(targets.hitRate);
  const latency: LatencyPoint[] = [];
  for (const r of latencyRows) {
    const [p50, p95, p99] = [num(r.p50), num(r.p95), num(r.p99)];
    if (p50 === null || p95 === null || p99 === null) continue;
    latency.push({ t: Number(r.t), p50: round(p50, 3), p95: round(p95, 3), p99: round(p99, 3) });
  }
  const hitRate: HitRatePoint[] = [];
  for (const r of hitRows) {
    const value = num(r.hit_rate);
    if (value !== null) hitRate.push({ t: Number(r.t), value: round(value, 4) });
  }
  return { hitRate, latency };
}
