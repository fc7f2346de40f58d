import 'server-only';
import { targetsConfig } from '@/lib/config/targets';
import { LiftoffError } from '@/lib/core/errors';
import type { Db } from '@/lib/db/client';
import { type CheckRun, runCheck } from '@/lib/probes';
import { type CheckOutcome, getRun, type RunItemView, recordCheckOutcome } from '@/lib/runs';
import type { WriteContext } from '@/lib/runs/context';

/** Evidence stays small: a whole HTTP body is cut to its first 2 KB. */
function compact(value: unknown): unknown {
  const text = typeof value === 'string' ? value : JSON.stringify(value ?? null);
  if (text.length <= 2_048) return value;
  return `${text.slice(0, 2_048)}… (${text.length} characters)`;
}

/** Runs an item's bound check against the run's environment: the state it implies, and the evidence. */
export async function checkItem(db: Db, runId: string, itemId: string) {
  const run = await getRun(db, runId);
  const item = run.items.find((i) => i.id === itemId);
  if (!item) throw new LiftoffError('not_found', 'This run has no such item.');
  return { item, outcome: await checkOf(run.environment, item) };
}

/** The outcome of one item's check in `environment`, for a caller that has read the run already. */
export async function checkOf(environment: string, item: RunItemView): Promise<CheckOutcome> {
  if (!item.check) throw new LiftoffError('unprocessable', 'This item has no bound check to verify.');
  // A locked stage refuses the write anyway: do not probe for nothing.
  if (item.locked) throw new LiftoffError('stage_locked', item.locked, { stageId: item.stageId });
  const outcome = await runCheck(targetsConfig(), environment, item.check);
  if (outcome.errorCode) {
    // A check that cannot run here (unknown target in this environment) is a setup problem, not a failed item.
    throw new LiftoffError('unprocessable', `${outcome.error} — the check was not run.`);
  }
  return checkOutcomeOf(outcome);
}

/** What a check run means for an item: done or failed, with the evidence (values, latency, time, instance). */
export function checkOutcomeOf(outcome: CheckRun): CheckOutcome {
  const evidence = {
    check: outcome.check,
    environment: outcome.environment,
    ok: outcome.ok,
    at: new Date().toISOString(),
    results: outcome.results.map((r) => ({
      target: r.target,
      ...(r.instance ? { instance: r.instance } : {}),
      ok: r.ok,
      value: compact(r.value),
      latencyMs: r.latencyMs,
      ...(r.error ? { error: r.error } : {}),
    })),
  };
  const failure = outcome.results.find((r) => !r.ok);
  return outcome.ok
    ? { state: 'done', evidence }
    : {
        state: 'failed',
        evidence,
        note: `check failed${failure?.instance ? ` on ${failure.instance}` : ''}: ${failure?.error ?? 'condition not met'}`.slice(
          0,
          500,
        ),
      };
}

/**
 * The Verify button: done "verified by check" when the check passes, failed when it does not,
 * with the evidence (values, latency, time, instance) either way. One audit event (`check.verify`).
 */
export async function verifyItem(db: Db, ctx: WriteContext, runId: string, itemId: string) {
  const { outcome } = await checkItem(db, runId, itemId);
  return recordCheckOutcome(db, ctx, runId, itemId, outcome);
}
