import 'server-only';
import { sql } from 'drizzle-orm';
import { type Db, rowsOf } from '@/lib/db/client';
import { RAW_RETENTION_MS, ROLLUP_RETENTION_MS } from './types';

/**
 * Sample history upkeep, run by the scheduler's leader: one-minute rollups computed
 * incrementally with SQL percentile_cont (PostgreSQL and PGlite both have it), and pruning.
 */

const MINUTE_MS = 60_000;
/** A minute is rolled up once probes that started in it have surely been written. */
export const ROLLUP_GRACE_MS = 5_000;

const floorMinute = (ms: number) => Math.floor(ms / MINUTE_MS) * MINUTE_MS;
/** Timestamps travel as ISO text so both drivers bind them the same way. */
const ts = (d: Date | number) => sql`${new Date(d).toISOString()}::timestamptz`;

async function firstMinuteToRoll(db: Db, now: number): Promise<number | null> {
  const [last] = rowsOf<{ m: string | Date | null }>(
    await db.execute(sql`SELECT max(minute) AS m FROM probe_rollups`),
  );
  // The last rolled minute is rolled again: a probe that started in it may have been written late.
  let from = last?.m ? new Date(last.m).getTime() : null;
  if (from === null) {
    const [first] = rowsOf<{ m: string | Date | null }>(
      await db.execute(sql`SELECT min(at) AS m FROM probe_samples`),
    );
    if (!first?.m) return null;
    from = new Date(first.m).getTime();
  }
  return floorMinute(Math.max(from, now - RAW_RETENTION_MS));
}

export interface RollupResult {
  from: Date | null;
  to: Date;
  /** Rollup rows written (inserted or refreshed). */
  rows: number;
}

/**
 * Rolls up every complete minute since the last rollup: count, errors, p50/p95/p99 of the
 * latency of successful probes, and the mean hit rate. Idempotent (upsert per minute).
 */
export async function rollupMinutes(
  db: Db,
  now: Date = new Date(),
  graceMs = ROLLUP_GRACE_MS,
): Promise<RollupResult> {
  const to = floorMinute(now.getTime() - graceMs);
  const from = await firstMinuteToRoll(db, now.getTime());
  if (from === null || from >= to)
    return { from: from === null ? null : new Date(from), to: new Date(to), rows: 0 };
  const minute = sql`to_timestamp(floor(extract(epoch FROM at) / 60) * 60)`;
  const result = await db.execute(sql`
    WITH rolled AS (
      INSERT INTO probe_rollups
        (environment, target, kind, instance, minute, count, errors, p50, p95, p99, hit_rate)
      SELECT environment, target, min(kind), instance, ${minute},
        count(*)::int,
        (count(*) FILTER (WHERE NOT ok))::int,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) FILTER (WHERE ok),
        percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms) FILTER (WHERE ok),
        percentile_cont(0.99) WITHIN GROUP (ORDER BY latency_ms) FILTER (WHERE ok),
        avg(hit_rate)
      FROM probe_samples
      WHERE at >= ${ts(from)} AND at < ${ts(to)}
      GROUP BY environment, target, instance, ${minute}
      ON CONFLICT (environment, target, instance, minute) DO UPDATE SET
        kind = excluded.kind, count = excluded.count, errors = excluded.errors,
        p50 = excluded.p50, p95 = excluded.p95, p99 = excluded.p99, hit_rate = excluded.hit_rate
      RETURNING 1
    )
    SELECT count(*)::int AS n FROM rolled`);
  const [row] = rowsOf<{ n: number }>(result);
  return { from: new Date(from), to: new Date(to), rows: Number(row?.n ?? 0) };
}

export interface Retention {
  rawMs: number;
  rollupMs: number;
}

/** Deletes raw samples older than 24 h and rollups older than 30 days (by default). */
export async function pruneHistory(
  db: Db,
  now: Date = new Date(),
  retention: Retention = { rawMs: RAW_RETENTION_MS, rollupMs: ROLLUP_RETENTION_MS },
): Promise<{ samples: number; rollups: number }> {
  const count = async (statement: ReturnType<typeof sql>) =>
    Number(rowsOf<{ n: number }>(await db.execute(statement))[0]?.n ?? 0);
  const samples = await count(sql`
    WITH gone AS (DELETE FROM probe_samples WHERE at < ${ts(now.getTime() - retention.rawMs)} RETURNING 1)
    SELECT count(*)::int AS n FROM gone`);
  const rollups = await count(sql`
    WITH gone AS (DELETE FROM probe_rollups WHERE minute < ${ts(now.getTime() - retention.rollupMs)} RETURNING 1)
    SELECT count(*)::int AS n FROM gone`);
  return { samples, rollups };
}
