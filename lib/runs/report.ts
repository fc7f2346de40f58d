/**
 * Reports of a run. The Markdown is GFM that the project's parser reads back to the same
 * items with the same checked states: who/when, reasons and notes go in nested sub-bullets
 * without a checkbox, which the parser keeps as the item's details, never in the item's text
 * (the text is what gives an item its identity).
 */
import type { Checklist, Field } from '@/lib/checklist/model';
import { blockOf } from '@/lib/checklist/stages';
import type { Db } from '@/lib/db/client';
import { listAuditOf } from './audit';
import { ROLLOUT_ACTIONS, renderRollout } from './report-rollout';
import { formatUtc } from './row-views';
import type { FieldValue, RunEvent, RunItemView, RunView, SignoffView } from './types';

/** One line, whatever a person typed. */
const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();
const cell = (s: string | undefined) => oneLine(s ?? '').replace(/\|/g, '\\|');
const when = (iso: string | undefined) => (iso ? formatUtc(new Date(iso)) : '');
const SHORT_SIGNATURE = 12;
/** Inline code that a backtick in the value cannot end early. */
const code = (s: string) => `\`${oneLine(s).replace(/`/g, "'")}\``;

function stateLine(item: RunItemView): string | null {
  if (!item.by) return null;
  const who = `${item.by.name}${item.via === 'check' ? ' (verified by check)' : ''}, ${when(item.at)}`;
  const note = oneLine(item.note ?? '');
  switch (item.state) {
    case 'done':
      return `done by ${who}`;
    case 'skipped':
      return `_(skipped: ${note})_ — skipped by ${who}`;
    case 'failed':
      return `_(failed: ${note})_ — failed by ${who}`;
    case 'open':
      return `reopened by ${who}`;
  }
}

function renderItem(
  item: RunItemView,
  byId: ReadonlyMap<string, RunItemView>,
  depth: number,
  out: string[],
  every?: ReadonlyMap<string, string>,
) {
  const pad = '  '.repeat(depth);
  const box = item.state === 'done' || item.state === 'skipped' ? 'x' : ' ';
  const period = every?.get(item.id);
  out.push(
    `${pad}- [${box}] ${item.text}${item.check ? ` <!-- check: ${item.check} -->` : ''}${period ? ` <!-- every: ${period} -->` : ''}`,
  );
  const line = stateLine(item);
  if (line) out.push(`${pad}  - ${line}`);
  // Skipped and failed items show their note as the reason above.
  if (item.note && item.state !== 'skipped' && item.state !== 'failed') {
    out.push(`${pad}  - Note: ${oneLine(item.note)}${item.noteBy ? ` (${item.noteBy})` : ''}`);
  }
  for (const childId of item.children) {
    const child = byId.get(childId);
    if (child) renderItem(child, byId, depth + 1, out, every);
  }
}

function fieldValueText(field: Field, value: FieldValue | undefined): string {
  const unit = field.unit ? ` ${field.unit}` : '';
  if (typeof value === 'string') return value ? `${oneLine(value)}${unit}` : '_not filled_';
  if (Array.isArray(value)) return value.length ? value.map(oneLine).join(', ') : '_not filled_';
  return '_not filled_';
}

function renderField(field: Field, value: FieldValue | undefined, out: string[]) {
  const label = `**${field.group ? `${oneLine(field.group)} — ` : ''}${oneLine(field.label)}**`;
  if (field.kind === 'table' && value && typeof value === 'object' && !Array.isArray(value)) {
    const columns = field.columns?.length
      ? field.columns
      : [...new Set(Object.values(value).flatMap((cells) => Object.keys(cells)))];
    const rows = field.rows?.length ? field.rows : Object.keys(value);
    out.push(`${label}:`, '');
    out.push(`| ${cell(field.label)} | ${columns.map(cell).join(' | ')} |`);
    out.push(`| --- | ${columns.map(() => '---').join(' | ')} |`);
    for (const row of rows)
      out.push(`| ${cell(row)} | ${columns.map((c) => cell(value[row]?.[c])).join(' | ')} |`);
    out.push('');
    return;
  }
  out.push(`${label}: ${fieldValueText(field, value)}`, '');
}

function renderSignoffs(signoffs: readonly SignoffView[], out: string[]) {
  out.push('| Role | Name | Date | Signature |', '| --- | --- | --- | --- |');
  for (const s of signoffs) {
    const sig = s.signature ? `\`${s.signature.slice(0, SHORT_SIGNATURE)}\`${s.stale ? ' (stale)' : ''}` : '';
    out.push(`| ${cell(s.role)} | ${cell(s.name)} | ${when(s.at)} | ${sig} |`);
  }
  out.push('');
  for (const s of signoffs) {
    if (s.comment) out.push(`_${oneLine(s.role)} (${oneLine(s.name ?? '')})_: ${oneLine(s.comment)}`, '');
  }
  for (const s of signoffs) {
    if (s.issuer && s.subject) {
      out.push(
        `_${oneLine(s.role)} (${oneLine(s.name ?? '')})_ signed through single sign-on: issuer ${code(s.issuer)}, subject ${code(s.subject)}`,
        '',
      );
    }
  }
}

/**
 * The filled-in checklist: headings as in the template, items ticked, fields filled, a staged
 * rollout's triggers and record, sign-offs. `history` is the run's audit trail (stage starts and
 * trigger events are listed from it).
 */
export function reportMarkdown(
  run: RunView,
  template: { name: string; model: Checklist },
  history: readonly RunEvent[] = [],
): string {
  const { model } = template;
  const out: string[] = [];
  const byId = new Map(run.items.map((i) => [i.id, i]));
  const fieldDefs = new Map(run.fieldDefs.map((f) => [f.key, f]));
  const signatureSection = model.fields.find((f) => f.kind === 'signature-table')?.sectionId;
  let signoffsRendered = false;

  const title = oneLine(model.title || template.name);
  // A lone H1 is read back as the title; when the template has H1 sections of its own (plain-text
  // banners), front matter carries the title so the sections keep their places and item ids.
  if (run.sections.some((s) => s.level <= 1)) out.push('---', `title: ${JSON.stringify(title)}`, '---', '');
  else out.push(`# ${title}`, '');
  const facts = [
    `**Run**: ${oneLine(run.title)}`,
    `**Environment**: ${run.environment}`,
    ...(run.releaseVersion ? [`**Release**: ${oneLine(run.releaseVersion)}`] : []),
    `**Run status**: ${run.status.replace('_', ' ')}${run.statusReason ? ` (${oneLine(run.statusReason)})` : ''}`,
    `**Progress**: ${run.progress.done}/${run.progress.total}`,
    `**Template**: ${oneLine(run.templateName)} v${run.templateVersion}`,
  ];
  out.push(`> ${facts.join(' · ')}`, '');

  // A stage's prerequisites and triggers keep their labels, and recurring items their period,
  // so the report imports back to the same stages, gates, triggers and recurring items.
  const stages = model.stages ?? [];
  const gateIds = new Set(stages.flatMap((st) => st.gate));
  const every = new Map(stages.flatMap((st) => st.recurring.map((r) => [r.itemId, r.every] as const)));
  const blockOfSection = new Map(model.sections.map((m) => [m.id, blockOf(m.title)?.kind]));
  const renderBody = (sectionId: string | null) => {
    const roots = run.items.filter((i) => i.sectionId === sectionId && i.parentId === null);
    const labelled = sectionId !== null && blockOfSection.get(sectionId) === 'gate';
    let inGate = false;
    for (const item of roots) {
      const gate = gateIds.has(item.id) && !labelled;
      if (gate !== inGate) out.push(gate ? '**Prerequisites:**' : '**Steps:**', '');
      inGate = gate;
      renderItem(item, byId, 0, out, every);
    }
    if (roots.length) out.push('');
    for (const f of model.fields) {
      const def = fieldDefs.get(f.key);
      if (def && f.sectionId === sectionId) renderField(def, run.fields[f.key], out);
    }
  };

  // A stage's heading keeps its marker and its trigger lines keep their checks: the report
  // imports back to the same stages, gates and triggers.
  const stageSections = new Set((model.stages ?? []).map((st) => st.sectionId));
  const triggers = (model.stages ?? []).flatMap((st) => st.triggers);
  renderBody(null);
  for (const s of run.sections) {
    const level = Math.min(6, Math.max(1, s.level));
    const decoration = model.sections.find((m) => m.id === s.id)?.decoration;
    const marker = stageSections.has(s.id) ? ' <!-- stage -->' : '';
    out.push(`${'#'.repeat(level)} ${decoration ? `${decoration} ` : ''}${oneLine(s.title)}${marker}`, '');
    renderBody(s.id);
    const mine = triggers.filter((t) => t.sectionId === s.id);
    if (mine.length && blockOfSection.get(s.id) !== 'trigger') out.push('**Rollback triggers:**', '');
    for (const t of mine) out.push(`- ${oneLine(t.text)}${t.check ? ` <!-- trigger: ${t.check} -->` : ''}`);
    if (mine.length) out.push('');
    if (s.id === signatureSection) {
      renderSignoffs(run.signoffs, out);
      signoffsRendered = true;
    }
  }
  renderRollout(run, history, out);
  if (!signoffsRendered) {
    out.push('## Sign-off', '');
    renderSignoffs(run.signoffs, out);
  }
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}

/** The run as data, for export and archiving: the read model without display-only parts. */
export function reportJson(run: RunView) {
  return {
    format: 'liftoff.run.v1' as const,
    id: run.id,
    title: run.title,
    status: run.status,
    ...(run.statusReason ? { statusReason: run.statusReason } : {}),
    environment: run.environment,
    releaseVersion: run.releaseVersion ?? null,
    template: { id: run.templateId, version: run.templateVersion, name: run.templateName },
    createdAt: run.createdAt,
    startedAt: run.startedAt ?? null,
    endedAt: run.endedAt ?? null,
    progress: run.progress,
    snapshot: run.snapshot,
    sections: run.sections.map(({ id, title, level, parentId, reference, progress }) => ({
      id,
      title,
      level,
      parentId,
      reference,
      progress,
    })),
    items: run.items.map((i) => ({
      id: i.id,
      text: i.text,
      sectionId: i.sectionId,
      parentId: i.parentId,
      reference: i.reference,
      state: i.state,
      version: i.version,
      by: i.by ?? null,
      at: i.at ?? null,
      via: i.via ?? null,
      note: i.note ?? null,
      evidence: i.evidence ?? null,
      check: i.check ?? null,
    })),
    fields: run.fields,
    signoffs: run.signoffs,
    gated: run.gated,
    stages: run.stages,
  };
}

/** A run's report as Markdown, with the audit events its rollout record lists. */
export async function runReportMarkdown(db: Db, run: RunView, template: { name: string; model: Checklist }) {
  const history = run.stages.length ? await listAuditOf(db, run.id, ROLLOUT_ACTIONS) : [];
  return reportMarkdown(run, template, history);
}
