/**
 * Staged rollouts: the rows a staged run starts with, starting a stage (its gate must pass;
 * an admin may force it with a reason), acknowledging a firing trigger, and the guard every
 * item write passes through (an item of a locked or unstarted stage cannot change). Each
 * change goes through the one run write path: audited, then published.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { hasAnyRole } from '@/lib/auth/roles';
import { parseDuration } from '@/lib/checks/units';
import { clock } from '@/lib/core/clock';
import { LiftoffError } from '@/lib/core/errors';
import { parseWith } from '@/lib/core/validate';
import { type Db, rowsOf } from '@/lib/db/client';
import { runItems, runStages, runWatches } from '@/lib/db/schema';
import { appendEvent } from './audit';
import { actorOf, requireRunWriter, systemContext, type WriteContext } from './context';
import { composeRun, rolloutRows } from './read';
import { lockRun } from './run-lock';
import { type StagePlan, stagePlan, watchKey } from './stage-plan';
import { periodAt } from './stage-views';
import { templateModel } from './template-model';
import type { ActorRef, RunEvent, RunStageView, WriteResult } from './types';
import { runWrite } from './write';

/** Stage starts, watches and (for a gated run whose first stage has no gate) the first start. */
export async function insertRolloutRows(
  tx: Db,
  runId: string,
  plan: StagePlan,
  gated: boolean,
  creator: ActorRef,
): Promise<void> {
  if (plan.stages.length === 0) return;
  const now = clock.date();
  await tx.insert(runStages).values(
    plan.stages.map((stage, position) => {
      const autoStart = gated && position === 0 && stage.gate.length === 0;
      return {
        runId,
        stageId: stage.id,
        position,
        ...(autoStart ? { startedAt: now, startedById: creator.userId, startedByName: creator.name } : {}),
      };
    }),
  );
  if (plan.watches.length > 0) {
    await tx.insert(runWatches).values(
      plan.watches.map((w) => ({
        runId,
        watchId: w.watchId,
        kind: w.kind,
        stageId: w.stageId,
        check: w.check,
        forMs: w.forMs,
        nextAt: now,
      })),
    );
  }
}

const SYSTEM_ACTOR: ActorRef = { userId: null, name: 'Liftoff', kind: 'system' };

const locked = (message: string, stageId: string) => new LiftoffError('stage_locked', message, { stageId });

/** What an item write needs to know about the item's stage, read with the item. */
export interface ItemStageInfo {
  runId: string;
  templateId: string;
  templateVersion: number;
  gated: boolean;
  createdAt: Date;
  stageId: string | null;
  stageRole: 'gate' | 'step' | 'recurring' | null;
  everyMs: number | null;
  stageStartedAt: Date | null;
}

/**
 * Throws `stage_locked` when the item cannot change now; for a recurring item returns the
 * start of the period the write records. Free for items outside stages (the common tick).
 */
export async function guardItemStage(q: Db, info: ItemStageInfo, now: Date): Promise<{ periodStart?: Date }> {
  if (!info.stageId || !info.stageRole) return {};
  const anchor = info.gated ? info.stageStartedAt : info.createdAt;
  if (anchor) {
    if (info.stageRole !== 'recurring' || !info.everyMs) return {};
    return { periodStart: new Date(periodAt(anchor.getTime(), info.everyMs, now.getTime()).start) };
  }
  const model = await templateModel(q, info.templateId, info.templateVersion);
  const plan = stagePlan(model);
  const index = plan.stages.findIndex((s) => s.id === info.stageId);
  const stage = plan.stages[index]!;
  if (info.stageRole !== 'gate') {
    throw locked(
      `Stage “${stage.title}” has not started: start it once its prerequisites are met.`,
      stage.id,
    );
  }
  const previous = plan.stages[index - 1];
  if (previous && !(await stageFinished(q, info.runId, previous.id))) {
    throw locked(`Stage “${stage.title}” is locked until “${previous.title}” finishes.`, stage.id);
  }
  return {};
}

/** Started, and every step of the stage done or skipped. */
async function stageFinished(q: Db, runId: string, stageId: string): Promise<boolean> {
  const [row] = rowsOf<{ started: boolean; open: number }>(
    await q.execute(sql`
      SELECT (SELECT started_at IS NOT NULL FROM run_stages WHERE run_id = ${runId} AND stage_id = ${stageId}) AS started,
             (SELECT count(*)::int FROM run_items
               WHERE run_id = ${runId} AND stage_id = ${stageId} AND stage_role = 'step'
                 AND NOT reference AND state NOT IN ('done', 'skipped')) AS open`),
  );
  return Boolean(row?.started) && (row?.open ?? 0) === 0;
}

async function stagesOf(tx: Db, runId: string) {
  const run = await lockRun(tx, runId, undefined);
  const model = await templateModel(tx, run.templateId, run.templateVersion);
  const [itemRows, rollout] = await Promise.all([
    tx.select().from(runItems).where(eq(runItems.runId, runId)),
    rolloutRows(tx, runId, model),
  ]);
  const view = composeRun(run, '', model, itemRows, [], rollout, clock.now());
  return { run, view };
}

export const startStageInput = z.strictObject({
  /** Start although the gate has not passed (admins only, with a reason). */
  force: z.boolean().optional(),
  reason: z
    .string()
    .max(2000, 'must be at most 2000 characters')
    .transform((s) => s.trim())
    .optional(),
});
export type StartStageInput = z.input<typeof startStageInput>;

function unmet(stage: RunStageView): string {
  const items = stage.gate.items.filter((i) => !i.ok).map((i) => `“${i.text}”`);
  const soaks = stage.gate.checks
    .filter((c) => !c.ok)
    .map(
      (c) =>
        `${c.check} (held ${Math.floor(c.heldForMs / 60_000)} of ${Math.floor(c.neededMs / 60_000)} min)`,
    );
  return [...items, ...soaks].join('; ');
}

/** Starts a stage: an engineer once its gate passes, or an admin forcing it with a reason. */
export async function startStage(
  db: Db,
  ctx: WriteContext,
  runId: string,
  stageId: string,
  input: StartStageInput,
): Promise<WriteResult<{ stage: RunStageView; event: RunEvent }>> {
  requireRunWriter(ctx.principal, 'start stages');
  const body = parseWith(startStageInput, input);
  const force = body.force === true;
  if (force && !hasAnyRole(ctx.principal.roles, ['admin']))
    throw new LiftoffError('forbidden', 'Only an admin can force a stage to start.');
  if (force && !body.reason) throw new LiftoffError('unprocessable', 'Say why the stage is forced to start.');
  return runWrite(db, ctx, { op: 'stage.start', runId, stageId, body }, async (tx) => {
    const { run, view } = await stagesOf(tx, runId);
    const stage = view.stages.find((s) => s.id === stageId);
    if (!stage) throw new LiftoffError('not_found', `This run has no stage "${stageId}".`);
    if (!run.gated) throw new LiftoffError('conflict', 'This run is not gated: every stage is already open.');
    if (stage.startedAt) throw new LiftoffError('conflict', `Stage “${stage.title}” has already started.`);
    if (!force && stage.state === 'locked')
      throw locked(`Stage “${stage.title}” is locked until “${stage.waitingFor}” finishes.`, stage.id);
    if (!force && !stage.gate.passes)
      throw locked(`Stage “${stage.title}” cannot start yet: waiting for ${unmet(stage)}.`, stage.id);
    const actor = actorOf(ctx.principal);
    const now = clock.date();
    await tx
      .update(runStages)
      .set({
        startedAt: now,
        startedById: actor.userId,
        startedByName: actor.name,
        forced: force,
        forceReason: force ? (body.reason ?? null) : null,
      })
      .where(and(eq(runStages.runId, runId), eq(runStages.stageId, stageId)));
    const event = await appendEvent(tx, {
      runId,
      action: 'stage.start',
      actor,
      subject: stageId,
      before: { state: stage.state },
      after: {
        state: 'active',
        title: stage.title,
        forced: force,
        ...(force ? { gate: { met: stage.gate.met, total: stage.gate.total } } : {}),
      },
      note: force ? (body.reason ?? null) : null,
      requestId: ctx.requestId,
      at: now,
    });
    const started: RunStageView = {
      ...stage,
      state: 'active',
      startedAt: now.toISOString(),
      startedBy: actor.name,
    };
    if (force) Object.assign(started, { forced: true, forceReason: body.reason });
    return { stage: started, event };
  });
}

const MIN_SILENCE = 60_000;
const MAX_SILENCE = 7 * 86_400_000;

export const ackTriggerInput = z.strictObject({
  note: z
    .string()
    .max(2000, 'must be at most 2000 characters')
    .transform((s) => s.trim())
    .pipe(z.string().min(1, 'say what is being done about it')),
  /** A duration: `10m`, `2h`. */
  silenceFor: z.string().trim().min(1, 'give a duration such as 10m or 2h'),
});
export type AckTriggerInput = z.input<typeof ackTriggerInput>;

/** Acknowledges a firing trigger: silenced for a while, with a note; it fires again if still bad after. */
export async function acknowledgeTrigger(
  db: Db,
  ctx: WriteContext,
  runId: string,
  triggerId: string,
  input: AckTriggerInput,
): Promise<WriteResult<{ state: 'acknowledged'; ackUntil: string; event: RunEvent }>> {
  requireRunWriter(ctx.principal, 'acknowledge triggers');
  const body = parseWith(ackTriggerInput, input);
  const silenceMs = parseDuration(body.silenceFor);
  if (silenceMs === null || silenceMs < MIN_SILENCE || silenceMs > MAX_SILENCE)
    throw new LiftoffError(
      'validation_failed',
      'silenceFor: a duration between 1m and 7d, such as 10m or 2h',
    );
  return runWrite(db, ctx, { op: 'trigger.ack', runId, triggerId, body }, async (tx) => {
    await lockRun(tx, runId, undefined);
    const [watch] = await tx
      .select()
      .from(runWatches)
      .where(and(eq(runWatches.runId, runId), eq(runWatches.watchId, watchKey('trigger', triggerId))))
      .for('update');
    if (!watch) throw new LiftoffError('not_found', `This run has no watched trigger "${triggerId}".`);
    if (watch.state !== 'firing' && watch.state !== 'acknowledged')
      throw new LiftoffError('conflict', 'This trigger is not firing; there is nothing to acknowledge.');
    const actor = actorOf(ctx.principal);
    const now = clock.date();
    const ackUntil = new Date(now.getTime() + silenceMs);
    await tx
      .update(runWatches)
      .set({ state: 'acknowledged', ackUntil, ackNote: body.note, ackByName: actor.name })
      .where(and(eq(runWatches.runId, runId), eq(runWatches.watchId, watchKey('trigger', triggerId))));
    const event = await appendEvent(tx, {
      runId,
      action: 'trigger.ack',
      actor,
      subject: triggerId,
      before: { state: watch.state },
      after: {
        state: 'acknowledged',
        stageId: watch.stageId,
        until: ackUntil.toISOString(),
        silenceFor: body.silenceFor,
      },
      note: body.note,
      requestId: ctx.requestId,
      at: now,
    });
    return { state: 'acknowledged' as const, ackUntil: ackUntil.toISOString(), event };
  });
}

/**
 * Stages whose gate has just come to pass: prerequisites done, soaks held, the stage before
 * finished. Each is announced once (`stage.gate_pass`, by Liftoff), which tells the people
 * waiting to start it. The SQL narrows to candidates; the run's own view decides.
 */
export async function announcePassedGates(db: Db, limit = 50): Promise<RunEvent[]> {
  const candidates = rowsOf<{ run_id: string; stage_id: string }>(
    await db.execute(sql`
      SELECT s.run_id, s.stage_id FROM run_stages s JOIN runs r ON r.id = s.run_id
      WHERE r.gated AND r.terminal_status IS NULL AND s.started_at IS NULL AND s.gate_passed_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM run_items i WHERE i.run_id = s.run_id AND i.stage_id = s.stage_id
                          AND i.stage_role = 'gate' AND i.state <> 'done')
        AND (s.position = 0 OR EXISTS (
              SELECT 1 FROM run_stages p WHERE p.run_id = s.run_id AND p.position = s.position - 1
                AND p.started_at IS NOT NULL
                AND NOT EXISTS (SELECT 1 FROM run_items i WHERE i.run_id = p.run_id AND i.stage_id = p.stage_id
                                  AND i.stage_role = 'step' AND NOT i.reference AND i.state NOT IN ('done', 'skipped'))))
      LIMIT ${limit}`),
  );
  const events: RunEvent[] = [];
  for (const c of candidates) {
    const result = await runWrite(db, systemContext(), { op: 'stage.gate_pass', ...c }, async (tx) => {
      const { view } = await stagesOf(tx, c.run_id);
      const stage = view.stages.find((s) => s.id === c.stage_id);
      if (stage?.state !== 'ready' || !stage.gate.passes) return { event: null };
      const now = clock.date();
      const marked = await tx
        .update(runStages)
        .set({ gatePassedAt: now })
        .where(
          and(
            eq(runStages.runId, c.run_id),
            eq(runStages.stageId, c.stage_id),
            isNull(runStages.gatePassedAt),
          ),
        )
        .returning({ stageId: runStages.stageId });
      if (marked.length === 0) return { event: null };
      const event = await appendEvent(tx, {
        runId: c.run_id,
        action: 'stage.gate_pass',
        actor: SYSTEM_ACTOR,
        subject: c.stage_id,
        before: { state: 'ready' },
        after: { title: stage.title, met: stage.gate.met, total: stage.gate.total },
        at: now,
      });
      return { event };
    });
    if (result.event) events.push(result.event);
  }
  return events;
}
