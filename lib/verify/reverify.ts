import 'server-only';
import { and, eq, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { parseDuration } from '@/lib/checks';
import { LiftoffError } from '@/lib/core/errors';
import { parseWith } from '@/lib/core/validate';
import type { Db } from '@/lib/db/client';
import { runItems, runs } from '@/lib/db/schema';
import { errorText, log } from '@/lib/log';
import { getRun, type RunEvent, recordCheckOutcome, runWrite, type WriteResult } from '@/lib/runs';
import { appendEvent } from '@/lib/runs/audit';
import { actorOf, requireRunWriter, systemContext, type WriteContext } from '@/lib/runs/context';
import { checkItem } from './verify-item';

const MIN_MS = 10_000;
const MAX_MS = 24 * 3_600_000;

export const reverifyInput = z.strictObject({
  /** `30s`, `5m`… or null to stop. */
  every: z.string().trim().nullable(),
});
export type ReverifyInput = z.input<typeof reverifyInput>;

function everyMs(every: string | null): number | null {
  if (every === null || every === '' || every === 'off') return null;
  const ms = parseDuration(every);
  if (ms === null || !Number.isFinite(ms) || ms < MIN_MS || ms > MAX_MS) {
    throw new LiftoffError(
      'validation_failed',
      'every: a duration between 10s and 24h, such as 30s or 5m, or null to stop',
    );
  }
  return ms;
}

/** Turns continuous verification of an item's bound check on or off; one audit event. */
export async function setReverify(
  db: Db,
  ctx: WriteContext,
  runId: string,
  itemId: string,
  input: ReverifyInput,
): Promise<WriteResult<{ everyMs: number | null; event: RunEvent }>> {
  requireRunWriter(ctx.principal, 'set checks to re-verify');
  const ms = everyMs(parseWith(reverifyInput, input).every);
  const run = await getRun(db, runId);
  if (run.status === 'aborted' || run.status === 'rolled_back')
    throw new LiftoffError('conflict', 'The run has ended; nothing re-verifies any more.');
  const item = run.items.find((i) => i.id === itemId);
  if (!item) throw new LiftoffError('not_found', 'This run has no such item.');
  if (!item.check) throw new LiftoffError('unprocessable', 'Only an item with a bound check can re-verify.');
  const actor = actorOf(ctx.principal);
  return runWrite(db, ctx, { op: 'item.reverify', runId, itemId, ms }, async (tx) => {
    await tx
      .update(runItems)
      .set({
        reverifyEveryMs: ms,
        reverifyByUserId: ms ? ctx.principal.userId : null,
        reverifyByName: ms ? actor.name : null,
        reverifiedAt: null,
      })
      .where(and(eq(runItems.runId, runId), eq(runItems.itemId, itemId)));
    const event = await appendEvent(tx, {
      runId,
      action: 'item.reverify',
      actor,
      subject: itemId,
      before: { everyMs: item.reverifyEveryMs ?? null },
      after: { everyMs: ms },
      requestId: ctx.requestId,
    });
    return { everyMs: ms, event };
  });
}

/**
 * Re-runs the checks that are due, on open runs only; called by the monitor's leader. A check
 * whose outcome did not change records nothing new; a change (done ↔ failed) is one audited
 * `check.verify` by Liftoff itself (the system actor), whoever turned re-verification on: a
 * person disabled since must not appear to keep acting.
 */
export async function reverifyDue(db: Db, limit = 20): Promise<number> {
  const due = await db
    .select({ runId: runItems.runId, itemId: runItems.itemId })
    .from(runItems)
    .innerJoin(runs, eq(runs.id, runItems.runId))
    .where(
      and(
        isNotNull(runItems.reverifyEveryMs),
        isNull(runs.terminalStatus),
        or(
          isNull(runItems.reverifiedAt),
          lt(runItems.reverifiedAt, sql`now() - ${runItems.reverifyEveryMs} * interval '1 millisecond'`),
        ),
      ),
    )
    .limit(limit);
  let done = 0;
  for (const d of due) {
    // Claim it first, so a slow check is not started twice.
    await db
      .update(runItems)
      .set({ reverifiedAt: new Date() })
      .where(and(eq(runItems.runId, d.runId), eq(runItems.itemId, d.itemId)));
    try {
      const { item, outcome } = await checkItem(db, d.runId, d.itemId);
      // Only a change of outcome is recorded, not every repetition.
      if (item.via !== 'check' || item.state !== outcome.state) {
        await recordCheckOutcome(db, systemContext(), d.runId, d.itemId, outcome);
      }
      done++;
    } catch (err) {
      // Waiting for its stage is the expected state of a staged item, not a problem to report.
      const level = err instanceof LiftoffError && err.code === 'stage_locked' ? 'debug' : 'warn';
      log[level]('continuous verification failed', {
        runId: d.runId,
        itemId: d.itemId,
        error: errorText(err),
      });
    }
  }
  return done;
}
