import { and, desc, eq, inArray } from 'drizzle-orm';
import { LiftoffError } from '@/lib/core/errors';
import type { Db } from '@/lib/db/client';
import { auditEvents, runs } from '@/lib/db/schema';
import { changedBy, runNotFound, terminalConflict } from './run-errors';

/**
 * Run-level writes (fields, status) lock the run row and check its version, so two people
 * editing the same run's fields cannot lose each other's change.
 */
export async function lockRun(tx: Db, runId: string, expectedVersion: number | undefined) {
  const [run] = await tx.select().from(runs).where(eq(runs.id, runId)).for('update');
  if (!run) throw runNotFound();
  if (run.terminalStatus) throw terminalConflict(run.terminalStatus, run.statusReason);
  if (expectedVersion !== undefined && expectedVersion !== run.version) {
    // Only on a conflict: the last run-level change is in the audit trail.
    const [last] = await tx
      .select({ name: auditEvents.actorName, at: auditEvents.createdAt })
      .from(auditEvents)
      .where(and(eq(auditEvents.runId, runId), inArray(auditEvents.action, ['field.set', 'run.status'])))
      .orderBy(desc(auditEvents.id))
      .limit(1);
    throw new LiftoffError(
      'conflict',
      `This run was changed by ${changedBy(last?.name, last?.at)} (now version ${run.version}, you had ${expectedVersion}); reload it and try again.`,
      { current: { version: run.version, fields: run.fields } },
    );
  }
  return run;
}
