/** Ending a run by hand: aborted or rolled back, with a reason. Terminal: the run is then read-only. */
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { LiftoffError } from '@/lib/core/errors';
import { parseWith } from '@/lib/core/validate';
import type { Db } from '@/lib/db/client';
import { runItems, runSignoffs, runs } from '@/lib/db/schema';
import { appendEvent } from './audit';
import { actorOf, requireRunWriter, type WriteContext } from './context';
import { composeRun } from './read';
import { toIso } from './row-views';
import { lockRun } from './run-lock';
import { templateModel } from './template-model';
import type { RunEvent, RunStatus, RunTerminalStatus, WriteResult } from './types';
import { runWrite } from './write';

export const runStatusInput = z.object({
  status: z.enum(['aborted', 'rolled_back'], {
    message: 'must be aborted or rolled_back (the other statuses follow from the items and sign-offs)',
  }),
  reason: z
    .string()
    .max(2000, 'must be at most 2000 characters')
    .transform((s) => s.trim())
    .optional(),
  expectedVersion: z.number().int().positive().optional(),
});
export type RunStatusInput = z.input<typeof runStatusInput>;

export interface RunStatusResult {
  status: RunTerminalStatus;
  statusReason: string;
  version: number;
  endedAt: string;
  event: RunEvent;
}

export async function setRunStatus(
  db: Db,
  ctx: WriteContext,
  runId: string,
  input: RunStatusInput,
): Promise<WriteResult<RunStatusResult>> {
  requireRunWriter(ctx.principal, 'abort or roll back a run');
  const body = parseWith(runStatusInput, input);
  const reason = body.reason;
  // Like a skip without a reason: well-formed, but not acceptable.
  if (!reason) throw new LiftoffError('unprocessable', 'Say why the run is ending (a reason is required).');
  return runWrite(db, ctx, { op: 'run.status', runId, body }, async (tx) => {
    const run = await lockRun(tx, runId, body.expectedVersion);
    // The status it leaves, for the audit trail: derived like every read.
    // One connection per transaction: queries go one after the other.
    const model = await templateModel(tx, run.templateId, run.templateVersion);
    const itemRows = await tx.select().from(runItems).where(eq(runItems.runId, runId));
    const signoffRows = await tx.select().from(runSignoffs).where(eq(runSignoffs.runId, runId));
    const previous: RunStatus = composeRun(run, '', model, itemRows, signoffRows).status;
    const [updated] = await tx
      .update(runs)
      .set({
        terminalStatus: body.status,
        statusReason: reason,
        endedAt: sql`now()`,
        version: sql`${runs.version} + 1`,
      })
      .where(eq(runs.id, runId))
      .returning();
    const event = await appendEvent(tx, {
      runId,
      action: 'run.status',
      actor: actorOf(ctx.principal),
      before: { status: previous },
      after: { status: body.status, reason },
      note: reason,
      requestId: ctx.requestId,
    });
    return {
      status: body.status,
      statusReason: reason,
      version: updated!.version,
      endedAt: toIso(updated!.endedAt)!,
      event,
    };
  });
}
