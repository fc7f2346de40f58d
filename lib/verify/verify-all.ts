import 'server-only';
import { nowMs } from '@/lib/core/clock';
import { LiftoffError } from '@/lib/core/errors';
import type { Db } from '@/lib/db/client';
import { getRun, recordCheckOutcome } from '@/lib/runs';
import { requireRunWriter, type WriteContext } from '@/lib/runs/context';
import { openBoundItems } from '@/lib/runs/verifiable';
import { checkOf } from './verify-item';

/** Probes at once: enough to finish a long list quickly, few enough not to flood one target. */
const CONCURRENCY = 4;
/** No check starts after this long: a request never hangs on a list of unreachable targets. */
export const VERIFY_ALL_BUDGET_MS = 60_000;

// On globalThis: Next.js may load this module once per route bundle.
const g = globalThis as unknown as { __liftoffVerifyingRuns?: Set<string> };
g.__liftoffVerifyingRuns ??= new Set<string>();
/** Runs this instance is verifying: a second press is refused instead of doubling the probes. */
const verifying = g.__liftoffVerifyingRuns;

export interface VerifyAllResult {
  /** Items whose check passed (now done) or failed (now failed, with the reason). */
  done: string[];
  failed: string[];
  /** Items whose check could not run (unknown target here, stage locked meanwhile, …), with why. */
  notRun: { itemId: string; reason: string }[];
  /** Items with a check left alone because their stage is locked or not started. */
  locked: number;
}

/**
 * "Verify all" on the run page: runs every open item's bound check, a few at a time, and records
 * each outcome through the one write path (one audit event per item). An item that cannot be
 * verified is reported, never a reason to stop the others.
 */
export async function verifyAll(db: Db, ctx: WriteContext, runId: string): Promise<VerifyAllResult> {
  requireRunWriter(ctx.principal, 'verify items');
  if (verifying.has(runId))
    throw new LiftoffError(
      'conflict',
      'Verify all is already running for this run (pressed in another tab or by someone else); its results appear as each check finishes.',
    );
  verifying.add(runId);
  try {
    return await verifyOpenItems(db, ctx, runId);
  } finally {
    verifying.delete(runId);
  }
}

async function verifyOpenItems(db: Db, ctx: WriteContext, runId: string): Promise<VerifyAllResult> {
  const run = await getRun(db, runId);
  if (run.status === 'aborted' || run.status === 'rolled_back')
    throw new LiftoffError(
      'conflict',
      `This run was ${run.status.replace('_', ' ')}; nothing can be verified.`,
    );
  const { open, locked } = openBoundItems(run.items);
  const result: VerifyAllResult = { done: [], failed: [], notRun: [], locked };
  const queue = [...open];
  const stopAt = nowMs() + VERIFY_ALL_BUDGET_MS;
  const worker = async () => {
    for (let item = queue.shift(); item; item = queue.shift()) {
      if (nowMs() > stopAt) {
        result.notRun.push({
          itemId: item.id,
          reason: 'not started: time is up for this press; press Verify all again',
        });
        continue;
      }
      try {
        // The run was read once above; each item keeps its own idempotency (the batch request's
        // key must not collapse them into one).
        const outcome = await checkOf(run.environment, item);
        const written = await recordCheckOutcome(
          db,
          { ...ctx, idempotencyKey: undefined },
          runId,
          item.id,
          outcome,
        );
        (written.item.state === 'done' ? result.done : result.failed).push(item.id);
      } catch (err) {
        if (!(err instanceof LiftoffError)) throw err;
        result.notRun.push({ itemId: item.id, reason: err.message });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, open.length) }, worker));
  return result;
}
