/**
 * What a staged checklist means for a run, computed once from the template model: which stage
 * each item belongs to and its part in it (gate, step, recurring), each recurring item's
 * period, and the conditions to watch (bound triggers, soaking gate checks). Pure.
 */
import type { Checklist, Stage } from '@/lib/checklist/model';
import { parseCheck } from '@/lib/checks/parser';
import { parseDuration } from '@/lib/checks/units';
import type { StageRole, WatchKind } from '@/lib/db/schema';

export interface ItemPlace {
  stageId: string;
  role: StageRole;
}

export interface PlannedWatch {
  kind: WatchKind;
  /** `trigger:<id>`, `gate:<item id>`, `recurring:<item id>` (see `watchKey`). */
  watchId: string;
  stageId: string;
  /** The trigger's or item's id. */
  subject: string;
  /** As written, `for` clause included. */
  check: string;
  forMs: number;
}

export const watchKey = (kind: WatchKind, subject: string) => `${kind}:${subject}`;

export interface StagePlan {
  stages: readonly Stage[];
  places: ReadonlyMap<string, ItemPlace>;
  /** Recurring items and their period in milliseconds. */
  everyMs: ReadonlyMap<string, number>;
  watches: readonly PlannedWatch[];
}

const DAY = 86_400_000;

/** `1d`, `24h`, `1w`; anything unreadable or shorter than a minute falls back to a day. */
export function periodMs(every: string): number {
  const ms = parseDuration(every);
  return ms !== null && ms >= 60_000 ? ms : DAY;
}

const plans = new WeakMap<Checklist, StagePlan>();

export function stagePlan(model: Checklist): StagePlan {
  const cached = plans.get(model);
  if (cached) return cached;
  const stages = model.stages ?? [];
  const places = new Map<string, ItemPlace>();
  const everyMs = new Map<string, number>();
  const watches: PlannedWatch[] = [];
  if (stages.length > 0) {
    const parentOf = new Map(model.sections.map((s) => [s.id, s.parentId]));
    const stageOfSection = (sectionId: string | null): Stage | undefined => {
      for (let id = sectionId; id; id = parentOf.get(id) ?? null) {
        const stage = stages.find((s) => s.sectionId === id);
        if (stage) return stage;
      }
      return undefined;
    };
    const itemById = new Map(model.items.map((i) => [i.id, i]));
    for (const stage of stages) {
      for (const r of stage.recurring) everyMs.set(r.itemId, periodMs(r.every));
    }
    for (const item of model.items) {
      const stage = stageOfSection(item.sectionId);
      if (!stage) continue;
      // Children share their parent's part: a sub-bullet of a prerequisite is a prerequisite.
      let role: StageRole = 'step';
      for (let at: string | null = item.id; at; at = itemById.get(at)?.parentId ?? null) {
        if (stage.gate.includes(at)) role = 'gate';
        else if (everyMs.has(at)) role = 'recurring';
        else continue;
        break;
      }
      places.set(item.id, { stageId: stage.id, role });
      const parsed = item.check ? parseCheck(item.check) : null;
      if (!parsed?.ok || !item.check) continue;
      if (role === 'gate' && parsed.check.for) {
        const forMs = parsed.check.for.ms;
        watches.push({
          kind: 'gate',
          watchId: watchKey('gate', item.id),
          subject: item.id,
          stageId: stage.id,
          check: item.check,
          forMs,
        });
      } else if (role === 'recurring' && everyMs.has(item.id)) {
        watches.push({
          kind: 'recurring',
          watchId: watchKey('recurring', item.id),
          subject: item.id,
          stageId: stage.id,
          check: item.check,
          forMs: 0,
        });
      }
    }
    for (const stage of stages) {
      for (const t of stage.triggers) {
        if (!t.check) continue;
        const parsed = parseCheck(t.check);
        if (!parsed.ok) continue;
        watches.push({
          kind: 'trigger',
          watchId: watchKey('trigger', t.id),
          subject: t.id,
          stageId: stage.id,
          check: t.check,
          forMs: parsed.check.for?.ms ?? 0,
        });
      }
    }
  }
  const plan = { stages, places, everyMs, watches };
  plans.set(model, plan);
  return plan;
}

/** Items that count as progress: not reference, and not recurring (those re-open every period). */
export const countsAsProgress = (plan: StagePlan, item: { id: string; reference: boolean }) =>
  !item.reference && plan.places.get(item.id)?.role !== 'recurring';

/** "Gate stages" is offered on by default when any stage has prerequisites or triggers. */
export const gatedByDefault = (plan: StagePlan) =>
  plan.stages.some((s) => s.gate.length > 0 || s.triggers.length > 0);
