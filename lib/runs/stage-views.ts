/**
 * Stage, gate, trigger and recurring views of a staged run, derived from its rows at read
 * time (like the run's status): only starts, watch states and occurrences are stored. Pure.
 */
import type { Checklist } from '@/lib/checklist/model';
import { formatCondition } from '@/lib/checks/format';
import { parseCheck } from '@/lib/checks/parser';
import type { runOccurrences, runStages, runWatches } from '@/lib/db/schema';
import { type StagePlan, stagePlan, watchKey } from './stage-plan';
import type {
  ItemState,
  OccurrenceView,
  RecurringView,
  RunItemView,
  RunStageView,
  StageState,
  TriggerView,
} from './types';

export type StageRow = typeof runStages.$inferSelect;
export type WatchRow = typeof runWatches.$inferSelect;
export type OccurrenceRow = typeof runOccurrences.$inferSelect;

export interface StageInput {
  model: Checklist;
  gated: boolean;
  /** The run is open: not aborted, rolled back or verified. */
  open: boolean;
  createdAt: Date;
  endedAt: Date | null;
  items: readonly RunItemView[];
  stageRows: readonly StageRow[];
  watchRows: readonly WatchRow[];
  occurrenceRows: readonly OccurrenceRow[];
  now: number;
}

const PAST_PERIODS = 30;
const iso = (d: Date | null | undefined) => (d ? d.toISOString() : undefined);
const settled = (s: ItemState) => s === 'done' || s === 'skipped';

/** `> 0.05 && [LATENCY] < 50ms`: the conditions of a check, for "value vs threshold". */
export function thresholdOf(check: string): string | undefined {
  const parsed = parseCheck(check);
  if (!parsed.ok || parsed.check.conditions.length === 0) return undefined;
  return parsed.check.conditions.map(formatCondition).join(' && ');
}

/** The period of a recurring item that contains `now`, counted from `anchor`. */
export function periodAt(anchor: number, everyMs: number, now: number): { index: number; start: number } {
  const index = Math.max(0, Math.floor((now - anchor) / everyMs));
  return { index, start: anchor + index * everyMs };
}

function occurrenceView(row: OccurrenceRow | undefined, start: number, everyMs: number, past: boolean) {
  const view: OccurrenceView = {
    periodStart: new Date(start).toISOString(),
    periodEnd: new Date(start + everyMs).toISOString(),
    state: row ? row.state : past ? 'missed' : 'open',
  };
  if (row) {
    view.by = { userId: row.byUserId, name: row.byName, kind: row.byKind };
    view.at = row.at.toISOString();
    if (row.via) view.via = row.via;
    if (row.note) view.note = row.note;
    if (row.evidence !== null && row.evidence !== undefined) view.evidence = row.evidence;
  }
  return view;
}

function recurringViews(
  plan: StagePlan,
  stageId: string,
  anchor: Date | null,
  until: number,
  rows: readonly OccurrenceRow[],
): RecurringView[] {
  const stage = plan.stages.find((s) => s.id === stageId)!;
  return stage.recurring.map(({ itemId, every }) => {
    const everyMs = plan.everyMs.get(itemId)!;
    if (!anchor) return { itemId, every, everyMs, current: null, past: [] };
    const mine = new Map(
      rows.filter((r) => r.itemId === itemId).map((r) => [r.periodStart.getTime(), r] as const),
    );
    const { index, start } = periodAt(anchor.getTime(), everyMs, until);
    const past: OccurrenceView[] = [];
    for (let k = Math.max(0, index - PAST_PERIODS); k < index; k++) {
      const at = anchor.getTime() + k * everyMs;
      past.push(occurrenceView(mine.get(at), at, everyMs, true));
    }
    return { itemId, every, everyMs, current: occurrenceView(mine.get(start), start, everyMs, false), past };
  });
}

function triggerViews(
  plan: StagePlan,
  stageId: string,
  watching: boolean,
  rows: ReadonlyMap<string, WatchRow>,
): TriggerView[] {
  const stage = plan.stages.find((s) => s.id === stageId)!;
  return stage.triggers.map((t) => {
    const row = t.check ? rows.get(watchKey('trigger', t.id)) : undefined;
    const view: TriggerView = {
      id: t.id,
      text: t.text,
      forMs: row?.forMs ?? 0,
      watched: watching && row !== undefined,
      state: (row?.state as TriggerView['state'] | undefined) ?? 'ok',
      history: row?.history ?? [],
    };
    if (t.check) {
      view.check = t.check;
      const threshold = thresholdOf(t.check);
      if (threshold) view.threshold = threshold;
    }
    if (row) {
      if (row.value !== null && row.value !== undefined) view.value = row.value;
      if (row.since) view.since = row.since.toISOString();
      if (row.firedAt) view.firedAt = row.firedAt.toISOString();
      if (row.resolvedAt) view.resolvedAt = row.resolvedAt.toISOString();
      if (row.ackUntil) view.ackUntil = row.ackUntil.toISOString();
      if (row.ackNote) view.ackNote = row.ackNote;
      if (row.ackByName) view.ackBy = row.ackByName;
      if (row.error) view.error = row.error;
      if (row.observedAt) view.observedAt = row.observedAt.toISOString();
    }
    return view;
  });
}

/**
 * The stages of a run in order. Ungated: every stage is active until its steps are done.
 * Gated: a stage is active once started; the next one is ready when the one before it has
 * finished (or it is the first), locked otherwise.
 */
export function deriveStages(input: StageInput): RunStageView[] {
  const plan = stagePlan(input.model);
  if (plan.stages.length === 0) return [];
  const byId = new Map(input.items.map((i) => [i.id, i]));
  const rows = new Map(input.stageRows.map((r) => [r.stageId, r]));
  const watches = new Map(input.watchRows.map((w) => [w.watchId, w]));
  const out: RunStageView[] = [];
  let previous: RunStageView | null = null;
  for (const [position, stage] of plan.stages.entries()) {
    const row = rows.get(stage.id);
    const started = !input.gated || Boolean(row?.startedAt);
    const steps = input.items.filter((i) => {
      const place = plan.places.get(i.id);
      return place?.stageId === stage.id && place.role === 'step' && !i.reference;
    });
    const done = steps.filter((i) => settled(i.state)).length;
    const finished = started && done === steps.length;
    const state: StageState = started
      ? finished
        ? 'finished'
        : 'active'
      : !previous || previous.state === 'finished'
        ? 'ready'
        : 'locked';
    const gateItems = stage.gate.map((itemId) => ({
      itemId,
      text: byId.get(itemId)?.text ?? itemId,
      ok: byId.get(itemId)?.state === 'done',
    }));
    const gateChecks = plan.watches
      .filter((w) => w.kind === 'gate' && w.stageId === stage.id)
      .map((w) => {
        const watch = watches.get(w.watchId);
        const heldForMs =
          watch?.state === 'holding' && watch.since ? Math.max(0, input.now - watch.since.getTime()) : 0;
        return {
          itemId: w.subject,
          check: w.check,
          neededMs: w.forMs,
          heldForMs,
          ok: heldForMs >= w.forMs && watch?.state === 'holding',
          ...(watch?.value !== null && watch?.value !== undefined ? { value: watch.value } : {}),
          ...(watch?.error ? { error: watch.error } : {}),
          ...(watch?.observedAt ? { observedAt: watch.observedAt.toISOString() } : {}),
        };
      });
    const met = gateItems.filter((g) => g.ok).length + gateChecks.filter((c) => c.ok).length;
    const total = gateItems.length + gateChecks.length;
    // Recurring periods run from the stage's start until the next stage starts or the run ends.
    const anchor = input.gated ? (row?.startedAt ?? null) : input.createdAt;
    const next = plan.stages[position + 1];
    const nextStart = input.gated && next ? rows.get(next.id)?.startedAt?.getTime() : undefined;
    const until = Math.min(input.now, nextStart ?? Infinity, input.endedAt?.getTime() ?? Infinity);
    const view: RunStageView = {
      id: stage.id,
      sectionId: stage.sectionId,
      title: stage.title,
      position,
      state,
      progress: { done, total: steps.length },
      gate: { items: gateItems, checks: gateChecks, met, total, passes: met === total },
      triggers: triggerViews(plan, stage.id, input.open && started, watches),
      recurring: recurringViews(plan, stage.id, anchor, until, input.occurrenceRows),
    };
    if (row?.startedAt && input.gated) {
      view.startedAt = iso(row.startedAt);
      if (row.startedByName) view.startedBy = row.startedByName;
      if (row.forced) {
        view.forced = true;
        if (row.forceReason) view.forceReason = row.forceReason;
      }
    }
    if (state === 'locked' && previous) view.waitingFor = previous.title;
    out.push(view);
    previous = view;
  }
  return out;
}

/** Why an item cannot be changed now, or undefined when it can. */
export function lockReason(stage: RunStageView, role: 'gate' | 'step' | 'recurring'): string | undefined {
  if (stage.state === 'locked')
    return `Stage “${stage.title}” is locked until “${stage.waitingFor ?? 'the previous stage'}” finishes.`;
  if (role !== 'gate' && stage.state === 'ready')
    return `Stage “${stage.title}” has not started: start it once its prerequisites are met.`;
  return undefined;
}
