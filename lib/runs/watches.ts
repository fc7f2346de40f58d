/**
 * Storing what the watcher observed. Most observations change nothing but the last value, so
 * they are written together in one statement per round; a trigger firing or resolving is a
 * run write of its own (audited as Liftoff, published), applied only if the watch is still in
 * the state it was read in, so two leaders in a hand-over never fire it twice.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '@/lib/db/client';
import { runWatches, type WatchState } from '@/lib/db/schema';
import { appendEvent } from './audit';
import { systemContext } from './context';
import { thresholdOf } from './stage-views';
import type { RunEvent } from './types';
import type { WatchNext } from './watch-state';
import { runWrite } from './write';

export const HISTORY_POINTS = 120;

export interface WatchUpdate {
  runId: string;
  watchId: string;
  stageId: string;
  check: string;
  /** The state the row was read in. */
  expected: WatchState;
  next: WatchNext;
  value: unknown;
  error: string | null;
  observedAt: Date;
  nextAt: Date;
  history: [number, number | null][];
}

/** Writes the plain observations in one statement; returns how many rows it matched. */
async function writeObservations(db: Db, updates: readonly WatchUpdate[]): Promise<void> {
  if (updates.length === 0) return;
  const rows = updates.map(
    (
      u,
    ) => sql`(${u.runId}, ${u.watchId}, ${u.expected}, ${u.next.state}, ${u.next.since?.toISOString() ?? null}::timestamptz,
      ${JSON.stringify(u.value ?? null)}::jsonb, ${u.error}, ${u.observedAt.toISOString()}::timestamptz,
      ${u.nextAt.toISOString()}::timestamptz, ${JSON.stringify(u.history)}::jsonb)`,
  );
  await db.execute(sql`
    UPDATE run_watches w SET
      state = v.state, since = v.since, value = v.value, error = v.error,
      observed_at = v.observed_at, next_at = v.next_at, history = v.history
    FROM (VALUES ${sql.join(rows, sql`, `)})
      AS v(run_id, watch_id, expected, state, since, value, error, observed_at, next_at, history)
    WHERE w.run_id = v.run_id AND w.watch_id = v.watch_id AND w.state = v.expected`);
}

async function writeTransition(db: Db, u: WatchUpdate): Promise<RunEvent | null> {
  const fire = u.next.transition === 'fire';
  const result = await runWrite(db, systemContext(), { op: 'trigger', watch: u.watchId }, async (tx) => {
    const changed = await tx
      .update(runWatches)
      .set({
        state: u.next.state,
        since: u.next.since,
        value: u.value ?? null,
        error: u.error,
        observedAt: u.observedAt,
        nextAt: u.nextAt,
        history: u.history,
        ...(fire
          ? { firedAt: u.observedAt, resolvedAt: null, ackUntil: null }
          : { resolvedAt: u.observedAt }),
      })
      .where(
        and(
          eq(runWatches.runId, u.runId),
          eq(runWatches.watchId, u.watchId),
          eq(runWatches.state, u.expected),
        ),
      )
      .returning({ firedAt: runWatches.firedAt });
    if (changed.length === 0) return { event: null };
    const triggerId = u.watchId.slice(u.watchId.indexOf(':') + 1);
    const threshold = thresholdOf(u.check);
    const event = await appendEvent(tx, {
      runId: u.runId,
      action: fire ? 'trigger.fire' : 'trigger.resolve',
      actor: { userId: null, name: 'Liftoff', kind: 'system' },
      subject: triggerId,
      before: { state: u.expected },
      after: {
        state: u.next.state,
        stageId: u.stageId,
        value: u.value ?? null,
        ...(threshold ? { threshold } : {}),
        ...(fire && u.next.since ? { since: u.next.since.toISOString() } : {}),
        ...(!fire && changed[0]?.firedAt
          ? { firedForMs: u.observedAt.getTime() - changed[0].firedAt.getTime() }
          : {}),
      },
      at: u.observedAt,
    });
    return { event };
  });
  return result.event;
}

/** Applies one round of observations; returns the trigger events it wrote. */
export async function applyWatchUpdates(db: Db, updates: readonly WatchUpdate[]): Promise<RunEvent[]> {
  await writeObservations(
    db,
    updates.filter((u) => u.next.transition === null),
  );
  const events: RunEvent[] = [];
  for (const u of updates) {
    if (u.next.transition === null) continue;
    const event = await writeTransition(db, u);
    if (event) events.push(event);
  }
  return events;
}
