/**
 * Staged rollouts in a checklist. A stage is one of a sequence of two or more sibling sections
 * named `Step N`, `Stage N`, `Phase N` or `Wave N` (a colon, a title and a `(Week 1)` may
 * follow), or headings marked `<!-- stage -->`. Inside a stage, blocks labelled by a heading, a
 * plain-text `Label:` line or a Markdown `**Label:**` paragraph say what their lines are:
 * prerequisites (`Prerequisites:`, `Entry criteria:`) are the stage's gate, rollback triggers
 * (`Rollback Trigger(s):`, `Abort if:`) are watched conditions rather than tasks, and
 * `Daily / Weekly / Hourly Checks:` are items that re-open every period. Prerequisites and
 * triggers are often written as plain bullets: those become gate items and triggers.
 */
import { IdAllocator, normalizeText, slugify, UniqueNames } from './ids';
import { stripComments, toPlain } from './inline';
import type { RecurringItem, Stage, StageTrigger } from './model';

export const STAGE_MARKER = /<!--\s*stage\s*-->/i;

const STAGE_TITLE = /^(step|stage|phase|wave)\s*[-#]?\s*(\d{1,3})(?![\d.])/i;

export type BlockTag = { kind: 'gate' } | { kind: 'trigger' } | { kind: 'recurring'; every: string };

const GATE_LABEL =
  /^(?:pre-?requisites?|entry criteria|entry conditions|before (?:you )?start(?:ing)?|gate)$/i;
const TRIGGER_LABEL =
  /^(?:roll[\s-]?back triggers?|rollback criteria|abort (?:if|when|criteria|conditions)|stop (?:if|when)|kill switch(?:es)?)$/i;
const RECURRING_LABEL = /^(hourly|daily|weekly) (?:checks?|tasks?|monitoring|verification)$/i;
const PERIOD: Record<string, string> = { hourly: '1h', daily: '1d', weekly: '1w' };

/** What a block's label makes of its lines, or undefined for an ordinary block. */
export function blockOf(label: string): BlockTag | undefined {
  const t = toPlain(stripComments(label).text)
    .replace(/[*_`]/g, '')
    .replace(/\s*:\s*$/, '')
    .trim();
  if (GATE_LABEL.test(t)) return { kind: 'gate' };
  if (TRIGGER_LABEL.test(t)) return { kind: 'trigger' };
  const r = RECURRING_LABEL.exec(t);
  return r ? { kind: 'recurring', every: PERIOD[r[1]!.toLowerCase()]! } : undefined;
}

/** What the stage detection needs of a section draft. */
export interface StageSection {
  id: string;
  title: string;
  parent: StageSection | null;
  stageMark: boolean;
}

/** What it needs of an item draft. */
export interface StageItem<S extends StageSection> {
  section: S | null;
  parent: StageItem<S> | null;
  block?: BlockTag;
  line: number;
}

export interface StageBullet<S extends StageSection> {
  section: S | null;
  block?: BlockTag;
  text: string;
  line: number;
}

/**
 * The sections that are the rollout's stages, in order. Marked headings win; otherwise the
 * group of named siblings (same parent, same keyword) with the most labelled blocks, the
 * first such group when tied.
 */
export function findStageSections<S extends StageSection>(
  sections: readonly S[],
  blocksIn: (s: S) => number,
): S[] {
  const marked = sections.filter((s) => s.stageMark);
  if (marked.length >= 2) return marked;
  const groups = new Map<string, S[]>();
  for (const s of sections) {
    const m = STAGE_TITLE.exec(s.title);
    if (!m) continue;
    const key = `${s.parent?.id ?? ''}\n${m[1]!.toLowerCase()}`;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  let best: S[] = [];
  let bestScore = -1;
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const score = group.reduce((n, s) => n + blocksIn(s), 0);
    if (score > bestScore) {
      best = group;
      bestScore = score;
    }
  }
  return best;
}

const within = (s: StageSection | null, stage: StageSection) => {
  for (let at = s; at; at = at.parent) if (at === stage) return true;
  return false;
};

/** `step-1`, `phase-2`; a marked heading without a number: its title's slug. */
function stageId(s: StageSection, index: number, ids: UniqueNames): string {
  const m = STAGE_TITLE.exec(s.title);
  return ids.take(
    m ? `${m[1]!.toLowerCase()}-${Number(m[2])}` : slugify(s.title, 24) || `stage-${index + 1}`,
  );
}

const FOR_CLAUSE = /\bfor\s+(\d+(?:\.\d+)?(?:ms|s|m|h|d|w))\s*$/i;

export interface StagePlanDraft<I, S extends StageSection> {
  section: S;
  id: string;
  title: string;
  gate: I[];
  recurring: { item: I; every: string }[];
  triggers: TriggerDraft<S>[];
  /** Items that are trigger lines: not items at all. */
  triggerItems: I[];
  /** Bullets that became gate items or triggers. */
  convertedBullets: StageBullet<S>[];
}

/**
 * Works out the stages: for each, its gate items, recurring items and triggers. Bullets under
 * a gate become items through `toItem`; trigger lines (items or bullets) become triggers.
 */
export function planStages<S extends StageSection, I extends StageItem<S>>(
  sections: readonly S[],
  items: readonly I[],
  bullets: readonly StageBullet<S>[],
  /** A prerequisite written as a plain bullet, as an item. */
  toItem: (b: StageBullet<S>) => I,
  /** An item's raw first line (comments included). */
  rawOf: (i: I) => string,
): StagePlanDraft<I, S>[] {
  const tagged = (s: StageSection | null, stage: S) => within(s, stage);
  const stages = findStageSections(
    sections,
    (s) =>
      items.filter((i) => i.block && tagged(i.section, s)).length +
      bullets.filter((b) => b.block && tagged(b.section, s)).length,
  );
  const ids = new UniqueNames();
  return stages.map((section, index) => {
    const gate: I[] = [];
    const recurring: { item: I; every: string }[] = [];
    const triggers: TriggerDraft<S>[] = [];
    const triggerItems: I[] = [];
    const convertedBullets: StageBullet<S>[] = [];
    const lines: { line: number; entry: () => void }[] = [];
    for (const item of items) {
      if (!tagged(item.section, section)) continue;
      const scan = stripComments(rawOf(item));
      const block = item.block ?? item.parent?.block;
      if (scan.trigger || block?.kind === 'trigger') {
        triggerItems.push(item);
        lines.push({ line: item.line, entry: () => triggers.push(triggerOf(scan, item.line, item.section)) });
      } else if (block?.kind === 'gate') gate.push(item);
      else if (scan.every || block?.kind === 'recurring')
        recurring.push({ item, every: scan.every ?? (block as { every: string }).every });
    }
    for (const b of bullets) {
      if (!tagged(b.section, section) || !b.block) continue;
      convertedBullets.push(b);
      if (b.block.kind === 'gate') gate.push(toItem(b));
      else if (b.block.kind === 'trigger') {
        const scan = stripComments(b.text);
        lines.push({ line: b.line, entry: () => triggers.push(triggerOf(scan, b.line, b.section)) });
      }
    }
    // Triggers in document order, whatever they were written as.
    for (const l of lines.sort((a, b) => a.line - b.line)) l.entry();
    gate.sort((a, b) => a.line - b.line);
    return {
      section,
      id: stageId(section, index, ids),
      title: section.title,
      gate,
      recurring,
      triggers,
      triggerItems,
      convertedBullets,
    };
  });
}

/** A trigger before its id, with its section draft (the builder turns it into an id). */
export type TriggerDraft<S> = Omit<StageTrigger, 'id' | 'sectionId'> & { section: S | null };

function triggerOf<S>(
  scan: { text: string; trigger?: string },
  line: number,
  section: S | null,
): TriggerDraft<S> {
  const t: TriggerDraft<S> = { text: scan.text, line, section };
  if (scan.trigger) {
    t.check = scan.trigger;
    const f = FOR_CLAUSE.exec(scan.trigger);
    if (f) t.for = f[1]!;
  }
  return t;
}

/** Trigger ids: stable from the stage and the trigger's words. */
export function triggerIds<S extends { id: string }>(
  stage: string,
  triggers: readonly TriggerDraft<S>[],
): StageTrigger[] {
  const ids = new IdAllocator();
  return triggers.map(({ section, ...t }) => ({
    id: ids.allocate('trigger', `${stage} ${toPlain(t.text)}`, `${stage}/${normalizeText(t.text)}`),
    ...t,
    sectionId: section?.id ?? null,
  }));
}

export type { RecurringItem, Stage };
