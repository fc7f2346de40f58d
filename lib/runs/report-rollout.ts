/**
 * The rollout part of a run's report: how each stage started (who, when, forced and why), the
 * history of its rollback triggers, and each recurring item's periods (missed ones visible).
 * Tables with every cell filled, so a re-import reads them as prose, not as fields to fill.
 */
import { formatUtc } from './row-views';
import type { RunEvent, RunView, StageState } from './types';

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();
const cell = (s: string | undefined | null) => oneLine(s || '—').replace(/\|/g, '\\|');
const when = (iso: string | undefined | null) => (iso ? formatUtc(new Date(iso)) : '—');
const value = (v: unknown) =>
  v === undefined || v === null
    ? '—'
    : typeof v === 'number'
      ? String(Number(v.toPrecision(6)))
      : JSON.stringify(v);

const STATE: Record<StageState, string> = {
  locked: 'locked',
  ready: 'ready to start',
  active: 'active',
  finished: 'finished',
};

const TRIGGER_EVENTS: Record<string, string> = {
  'trigger.fire': 'fired',
  'trigger.resolve': 'resolved',
  'trigger.ack': 'acknowledged',
};

/** Rollout actions the report lists, oldest first. */
export const ROLLOUT_ACTIONS = [
  'stage.start',
  'stage.gate_pass',
  'trigger.fire',
  'trigger.resolve',
  'trigger.ack',
];

export function renderRollout(run: RunView, history: readonly RunEvent[], out: string[]): void {
  if (run.stages.length === 0) return;
  out.push('## Rollout record', '');
  out.push(`Stages ${run.gated ? 'gated: each started once its gate passed' : 'not gated'}.`, '');
  out.push('| Stage | State | Started | By | How |', '| --- | --- | --- | --- | --- |');
  for (const s of run.stages) {
    const how = s.forced
      ? `forced: ${s.forceReason ?? 'no reason given'}`
      : s.startedAt
        ? 'gate passed'
        : '—';
    out.push(
      `| ${cell(s.title)} | ${STATE[s.state]} | ${when(s.startedAt)} | ${cell(s.startedBy)} | ${cell(how)} |`,
    );
  }
  out.push('');

  const triggers = new Map(
    run.stages.flatMap((s) => s.triggers.map((t) => [t.id, { t, stage: s.title }] as const)),
  );
  const events = history.filter((e) => e.action in TRIGGER_EVENTS);
  if (events.length > 0) {
    out.push('**Rollback triggers**', '');
    out.push(
      '| When | Stage | Trigger | Event | Value | By | Note |',
      '| --- | --- | --- | --- | --- | --- | --- |',
    );
    for (const e of events) {
      const found = triggers.get(e.subject ?? '');
      const after = (e.after ?? {}) as { value?: unknown; threshold?: string };
      const observed =
        after.value !== undefined
          ? `${value(after.value)}${after.threshold ? ` (bad when ${after.threshold})` : ''}`
          : '—';
      out.push(
        `| ${when(e.at)} | ${cell(found?.stage)} | ${cell(found?.t.text ?? e.subject)} | ${TRIGGER_EVENTS[e.action]} | ${cell(observed)} | ${cell(e.actor.name)} | ${cell(e.note)} |`,
      );
    }
    out.push('');
  }

  const byId = new Map(run.items.map((i) => [i.id, i]));
  const recurring = run.stages.flatMap((s) => s.recurring);
  if (recurring.some((r) => r.past.length > 0 || r.current)) {
    out.push('**Recurring checks**', '');
    out.push('| Item | Period from | State | By |', '| --- | --- | --- | --- |');
    for (const r of recurring) {
      for (const o of [...r.past, ...(r.current ? [r.current] : [])]) {
        const state =
          o.state === 'missed'
            ? '**missed**'
            : o === r.current && o.state === 'open'
              ? 'open (this period)'
              : o.state;
        out.push(
          `| ${cell(byId.get(r.itemId)?.text)} | ${when(o.periodStart)} | ${state} | ${cell(o.by?.name)} |`,
        );
      }
    }
    out.push('');
  }
}
