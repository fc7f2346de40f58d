import 'server-only';
import { sql } from 'drizzle-orm';
import { parseCheck } from '@/lib/checks/parser';
import { resolveTarget, type TargetsConfig } from '@/lib/config/targets';
import { clock } from '@/lib/core/clock';
import { type Db, rowsOf } from '@/lib/db/client';
import type { WatchKind, WatchState } from '@/lib/db/schema';
import { errorText, log } from '@/lib/log';
import { type CheckRun, runCheck } from '@/lib/probes';
import { type RunEvent, recordCheckOutcome } from '@/lib/runs';
import { systemContext } from '@/lib/runs/context';
import { periodAt } from '@/lib/runs/stage-views';
import { announcePassedGates } from '@/lib/runs/stages';
import { nextWatch } from '@/lib/runs/watch-state';
import { applyWatchUpdates, HISTORY_POINTS, type WatchUpdate } from '@/lib/runs/watches';
import { checkOutcomeOf } from '@/lib/verify/verify-item';

/**
 * The watcher: on the monitor's leader, evaluates every due watch of every open staged run —
 * rollback triggers of started stages, soaking gate checks of stages not yet started, and
 * recurring items' checks once per period. Checks that several runs share are probed once per
 * round, and scrapes of one metrics endpoint are shared between expressions.
 */

interface DueWatch {
  run_id: string;
  watch_id: string;
  kind: WatchKind;
  stage_id: string;
  check: string;
  for_ms: number;
  state: WatchState;
  since: Date | string | null;
  ack_until: Date | string | null;
  history: [number, number | null][];
  environment: string;
  anchor: Date | string;
}

const MAX_PER_ROUND = 2_000;
const PARALLEL = 16;
const RETRY_BROKEN_MS = 60_000;
let round = 0;

const toDate = (d: Date | string | null) => (d === null ? null : new Date(d));

async function dueWatches(db: Db, now: Date): Promise<DueWatch[]> {
  return rowsOf<DueWatch>(
    await db.execute(sql`
      SELECT w.run_id, w.watch_id, w.kind, w.stage_id, w."check", w.for_ms, w.state, w.since, w.ack_until,
             w.history, r.environment,
             CASE WHEN r.gated THEN s.started_at ELSE r.created_at END AS anchor
      FROM run_watches w
      JOIN runs r ON r.id = w.run_id
      LEFT JOIN run_stages s ON s.run_id = w.run_id AND s.stage_id = w.stage_id
      WHERE r.terminal_status IS NULL
        AND (w.next_at IS NULL OR w.next_at <= ${now.toISOString()}::timestamptz)
        AND CASE w.kind
              WHEN 'gate' THEN r.gated AND s.started_at IS NULL
              ELSE (NOT r.gated OR s.started_at IS NOT NULL)
            END
      ORDER BY w.next_at NULLS FIRST
      LIMIT ${MAX_PER_ROUND}`),
  );
}

/**
 * Whether the watched condition holds: a trigger's bad condition on any instance, a gate's
 * good condition on every one. null when a probe failed and the answer is unknown.
 */
export function conditionHolds(kind: WatchKind, run: CheckRun): boolean | null {
  if (run.errorCode || run.results.length === 0) return null;
  const answered = run.results.filter((r) => r.evidence.probe.ok);
  if (kind === 'trigger') {
    if (run.results.some((r) => r.ok)) return true;
    return answered.length === run.results.length ? false : null;
  }
  if (run.results.every((r) => r.ok)) return true;
  return answered.some((r) => !r.ok) ? false : null;
}

const numeric = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Runs each distinct (environment, check) once, a few at a time. */
async function evaluateAll(config: TargetsConfig, due: readonly DueWatch[]): Promise<Map<string, CheckRun>> {
  const keys = [...new Set(due.map((w) => `${w.environment}\n${w.check}`))];
  // Expressions over one metrics endpoint share its scrape within a round.
  const scrapeRound = ++round;
  const out = new Map<string, CheckRun>();
  let next = 0;
  const worker = async () => {
    while (next < keys.length) {
      const key = keys[next++]!;
      const [environment, check] = key.split('\n') as [string, string];
      out.set(key, await runCheck(config, environment, check, { scrapeRound }));
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, keys.length) }, worker));
  return out;
}

function intervalOf(config: TargetsConfig, w: DueWatch): number | null {
  const parsed = parseCheck(w.check);
  if (!parsed.ok) return null;
  const lookup = resolveTarget(config, w.environment, parsed.check.target);
  return lookup.ok ? lookup.target.intervalMs : null;
}

/** A recurring item's check, once per period: recorded as that period's occurrence. */
async function verifyRecurring(db: Db, w: DueWatch, run: CheckRun, now: Date): Promise<Date> {
  const itemId = w.watch_id.slice(w.watch_id.indexOf(':') + 1);
  const everyMs = w.for_ms;
  await recordCheckOutcome(db, systemContext(), w.run_id, itemId, checkOutcomeOf(run));
  const anchor = new Date(w.anchor).getTime();
  return new Date(periodAt(anchor, everyMs, now.getTime()).start + everyMs);
}

export interface WatchRound {
  evaluated: number;
  events: RunEvent[];
}

/** One round: every due watch evaluated and stored; returns the trigger events it wrote. */
export async function evaluateDueWatches(db: Db, config: TargetsConfig): Promise<WatchRound> {
  const now = clock.date();
  const due = await dueWatches(db, now);
  if (due.length === 0) return { evaluated: 0, events: await announcePassedGates(db) };
  const results = await evaluateAll(config, due);
  const updates: WatchUpdate[] = [];
  for (const w of due) {
    const run = results.get(`${w.environment}\n${w.check}`)!;
    const interval = intervalOf(config, w);
    if (w.kind === 'recurring') {
      try {
        const nextAt = run.errorCode
          ? new Date(now.getTime() + RETRY_BROKEN_MS)
          : await verifyRecurring(db, w, run, now);
        updates.push(plain(w, now, nextAt, run));
      } catch (err) {
        log.warn('recurring check not recorded', {
          runId: w.run_id,
          error: errorText(err),
        });
        updates.push(plain(w, now, new Date(now.getTime() + RETRY_BROKEN_MS), run));
      }
      continue;
    }
    const holds = conditionHolds(w.kind, run);
    const shown = run.results.find((r) => r.ok) ?? run.results[0];
    const value = shown?.value ?? null;
    const next = nextWatch(
      {
        kind: w.kind,
        state: w.state,
        since: toDate(w.since),
        forMs: w.for_ms,
        ackUntil: toDate(w.ack_until),
      },
      { holds },
      now,
    );
    updates.push({
      runId: w.run_id,
      watchId: w.watch_id,
      stageId: w.stage_id,
      check: w.check,
      expected: w.state,
      next,
      value,
      error: holds === null ? (run.error ?? shown?.error ?? 'the check could not be evaluated') : null,
      observedAt: now,
      nextAt: new Date(now.getTime() + (interval ?? RETRY_BROKEN_MS)),
      history: [...(w.history ?? []), [now.getTime(), numeric(value)] as [number, number | null]].slice(
        -HISTORY_POINTS,
      ),
    });
  }
  const events = await applyWatchUpdates(db, updates);
  // A soak that has now held long enough, or prerequisites ticked since the last round.
  events.push(...(await announcePassedGates(db)));
  return { evaluated: due.length, events };
}

function plain(w: DueWatch, now: Date, nextAt: Date, run: CheckRun): WatchUpdate {
  return {
    runId: w.run_id,
    watchId: w.watch_id,
    stageId: w.stage_id,
    check: w.check,
    expected: w.state,
    next: { state: w.state, since: toDate(w.since), transition: null },
    value: run.results[0]?.value ?? null,
    error: run.error ?? null,
    observedAt: now,
    nextAt,
    history: w.history ?? [],
  };
}
