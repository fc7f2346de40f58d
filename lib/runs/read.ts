/**
 * Reading runs. Status, progress and sign-off staleness are computed here from the item rows
 * and sign-offs (see status.ts), so they are always consistent with the data they summarise.
 */
import { eq, inArray, sql } from 'drizzle-orm';
import type { Checklist } from '@/lib/checklist/model';
import { clock } from '@/lib/core/clock';
import { type Db, rowsOf } from '@/lib/db/client';
import {
  runItems,
  runOccurrences,
  runSignoffs,
  runStages,
  runs,
  runWatches,
  templates,
} from '@/lib/db/schema';
import { type ItemRow, itemStateOf, type SignoffRow, signedView, toIso } from './row-views';
import { runNotFound } from './run-errors';
import { signerRoleFor, signoffRolesOf } from './signoff-roles';
import { snapshotHash, snapshotOf } from './snapshot';
import { countsAsProgress, stagePlan } from './stage-plan';
import { deriveStages, lockReason, type OccurrenceRow, type StageRow, type WatchRow } from './stage-views';
import { deriveStatus, isComplete } from './status';
import { editableFields, templateModel } from './template-model';
import type {
  FieldValue,
  ItemState,
  Progress,
  RunItemView,
  RunSectionView,
  RunStageView,
  RunStatus,
  RunSummary,
  RunView,
  SignoffView,
} from './types';

type RunRow = typeof runs.$inferSelect;

const countsAsDone = (s: ItemState) => s === 'done' || s === 'skipped';

/** The run's fields: every editable template field, empty until filled. */
export function fieldsWithDefaults(model: Checklist, stored: Record<string, FieldValue>) {
  const out: Record<string, FieldValue> = {};
  for (const f of editableFields(model)) {
    out[f.key] = stored[f.key] ?? (f.kind === 'choice' ? [] : f.kind === 'table' ? {} : '');
  }
  return out;
}

/** Current sign-off rows against the template's roles; a row whose snapshot differs is stale. */
export function signoffViews(roles: readonly string[], rows: readonly SignoffRow[], currentHash: string) {
  return roles.map((role): SignoffView => {
    const row = rows.find((r) => r.role === role);
    return row ? signedView(row, row.snapshotHash !== currentHash) : { role, userRole: signerRoleFor(role) };
  });
}

export function currentSnapshot(
  run: RunRow,
  model: Checklist,
  items: readonly { id: string; state: ItemState }[],
) {
  return snapshotOf({
    templateId: run.templateId,
    templateVersion: run.templateVersion,
    items,
    fields: fieldsWithDefaults(model, run.fields),
  });
}

function sectionProgress(model: Checklist, states: ReadonlyMap<string, ItemState>) {
  const plan = stagePlan(model);
  const progress = new Map<string, Progress>(model.sections.map((s) => [s.id, { done: 0, total: 0 }]));
  const parentOf = new Map(model.sections.map((s) => [s.id, s.parentId]));
  for (const item of model.items) {
    if (!countsAsProgress(plan, item)) continue;
    const done = countsAsDone(states.get(item.id) ?? 'open');
    // Count the item in its section and every enclosing one.
    for (let id = item.sectionId; id; id = parentOf.get(id) ?? null) {
      const p = progress.get(id);
      if (!p) break;
      p.total++;
      if (done) p.done++;
    }
  }
  return progress;
}

/** A staged run's own rows: stage starts, watched conditions, recurring occurrences. */
export interface RolloutRows {
  stageRows: readonly StageRow[];
  watchRows: readonly WatchRow[];
  occurrenceRows: readonly OccurrenceRow[];
}

const NO_ROLLOUT: RolloutRows = { stageRows: [], watchRows: [], occurrenceRows: [] };

/** Composes the read model from the run's rows and its template model. */
export function composeRun(
  run: RunRow,
  templateName: string,
  model: Checklist,
  itemRows: readonly ItemRow[],
  signoffRows: readonly SignoffRow[],
  rollout: RolloutRows = NO_ROLLOUT,
  now: number = clock.now(),
): RunView {
  const plan = stagePlan(model);
  const byId = new Map(itemRows.map((r) => [r.itemId, r]));
  const items = model.items.map((t): RunItemView => {
    const row = byId.get(t.id);
    // Filled in by assignment on the fresh state object (same keys, same order as spreading
    // it into a new one): a 500-item run does this 500 times per read.
    const view = (row ? itemStateOf(row) : { id: t.id, state: 'open', version: 1 }) as RunItemView;
    view.text = t.text;
    view.reference = t.reference;
    const place = plan.places.get(t.id);
    if (place) {
      view.stageId = place.stageId;
      view.stageRole = place.role;
    }
    view.sectionId = t.sectionId;
    view.parentId = t.parentId;
    view.children = t.children;
    if (t.check) view.check = t.check;
    view.suggestedChecks = t.suggestedChecks;
    view.code = t.code;
    if (t.details) view.details = t.details;
    return view;
  });
  const open = !run.terminalStatus;
  const stages = deriveStages({
    model,
    gated: run.gated,
    open,
    createdAt: run.createdAt,
    endedAt: run.endedAt,
    items,
    stageRows: rollout.stageRows,
    watchRows: rollout.watchRows,
    occurrenceRows: rollout.occurrenceRows,
    now,
  });
  applyStages(items, stages);
  const states = new Map(items.map((i) => [i.id, i.state]));
  const perSection = sectionProgress(model, states);
  const sections = model.sections.map(
    (s): RunSectionView => ({
      id: s.id,
      title: s.title,
      level: s.level,
      parentId: s.parentId,
      reference: s.reference,
      code: s.code,
      content: s.content,
      progress: perSection.get(s.id) ?? { done: 0, total: 0 },
    }),
  );
  const counted = items.filter((i) => countsAsProgress(plan, i));
  const progress = { done: counted.filter((i) => countsAsDone(i.state)).length, total: counted.length };
  const hash = snapshotHash(currentSnapshot(run, model, items));
  const signoffs = signoffViews(signoffRolesOf(model.signoff.roles), signoffRows, hash);
  const started = run.startedAt !== null || items.some((i) => i.state !== 'open');
  const status = deriveStatus({
    terminalStatus: run.terminalStatus,
    started,
    progress,
    currentSignoffs: signoffs.filter((s) => s.signature && !s.stale).length,
    requiredSignoffs: signoffs.length,
  });
  const firing = stages.reduce((n, s) => n + s.triggers.filter((t) => t.state === 'firing').length, 0);
  return {
    id: run.id,
    status,
    gated: run.gated,
    stages,
    firing,
    version: run.version,
    title: run.title,
    environment: run.environment,
    ...(run.releaseVersion !== null ? { releaseVersion: run.releaseVersion } : {}),
    templateId: run.templateId,
    templateVersion: run.templateVersion,
    templateName,
    createdAt: toIso(run.createdAt)!,
    ...(run.startedAt ? { startedAt: toIso(run.startedAt) } : {}),
    ...(run.endedAt ? { endedAt: toIso(run.endedAt) } : {}),
    ...(run.statusReason !== null ? { statusReason: run.statusReason } : {}),
    items,
    sections,
    fields: fieldsWithDefaults(model, run.fields),
    fieldDefs: editableFields(model),
    signoffs,
    progress,
    snapshot: hash,
  };
}

/**
 * Recurring items show this period's occurrence as their state; items of a locked or not yet
 * started stage say why they cannot be changed.
 */
function applyStages(items: RunItemView[], stages: readonly RunStageView[]) {
  if (stages.length === 0) return;
  const byStage = new Map(stages.map((s) => [s.id, s]));
  const current = new Map(stages.flatMap((s) => s.recurring.map((r) => [r.itemId, r.current] as const)));
  for (const item of items) {
    if (!item.stageId || !item.stageRole) continue;
    const reason = lockReason(byStage.get(item.stageId)!, item.stageRole);
    if (reason) item.locked = reason;
    if (item.stageRole === 'recurring') {
      const occurrence = current.get(item.id);
      item.state = occurrence && occurrence.state !== 'missed' ? occurrence.state : 'open';
      item.by = occurrence?.by;
      item.at = occurrence?.at;
      item.via = occurrence?.via;
      item.evidence = occurrence?.evidence;
      if (!item.by) delete item.by;
      if (!item.at) delete item.at;
      if (!item.via) delete item.via;
      if (item.evidence === undefined) delete item.evidence;
    }
  }
}

/** A staged run's rows; nothing to read for a checklist without stages. */
export async function rolloutRows(db: Db, runId: string, model: Checklist): Promise<RolloutRows> {
  if (!model.stages?.length) return NO_ROLLOUT;
  const [stageRows, watchRows, occurrenceRows] = await Promise.all([
    db.select().from(runStages).where(eq(runStages.runId, runId)),
    db.select().from(runWatches).where(eq(runWatches.runId, runId)),
    db.select().from(runOccurrences).where(eq(runOccurrences.runId, runId)),
  ]);
  return { stageRows, watchRows, occurrenceRows };
}

export async function findRun(db: Db, id: string): Promise<RunView | null> {
  const [head] = await db
    .select({ run: runs, templateName: templates.name })
    .from(runs)
    .innerJoin(templates, eq(templates.id, runs.templateId))
    .where(eq(runs.id, id));
  if (!head) return null;
  const [model, itemRows, signoffRows] = await Promise.all([
    templateModel(db, head.run.templateId, head.run.templateVersion),
    db.select().from(runItems).where(eq(runItems.runId, id)),
    db.select().from(runSignoffs).where(eq(runSignoffs.runId, id)),
  ]);
  const rollout = await rolloutRows(db, id, model);
  return composeRun(head.run, head.templateName, model, itemRows, signoffRows, rollout);
}

/** The full run: items in template order, sections with progress, fields, sign-offs, status. */
export async function getRun(db: Db, id: string): Promise<RunView> {
  const run = await findRun(db, id);
  if (!run) throw runNotFound();
  return run;
}

export interface ListRunsOptions {
  status?: RunStatus;
  environment?: string;
  templateId?: string;
  /** Default 100, at most 500. */
  limit?: number;
}

interface SummaryRow {
  id: string;
  title: string;
  environment: string;
  release_version: string | null;
  template_id: string;
  template_version: number;
  template_name: string;
  terminal_status: RunRow['terminalStatus'];
  status_reason: string | null;
  started_at: Date | string | null;
  ended_at: Date | string | null;
  created_at: Date | string;
  version: number;
  item_total: number;
  fields: Record<string, FieldValue>;
  done: number;
  touched: number;
  signed: number;
  firing: number;
}

const SQL_STARTED = sql`(r.started_at IS NOT NULL OR i.touched > 0)`;
const SQL_COMPLETE = sql`(i.done >= r.item_total AND (r.item_total > 0 OR ${SQL_STARTED}))`;

/** Narrows by status in SQL as far as SQL can tell; completed vs verified needs the hashes. */
function statusFilter(status: RunStatus | undefined) {
  switch (status) {
    case undefined:
      return sql`TRUE`;
    case 'aborted':
    case 'rolled_back':
      return sql`r.terminal_status = ${status}`;
    case 'not_started':
      return sql`r.terminal_status IS NULL AND NOT ${SQL_STARTED}`;
    case 'in_progress':
      return sql`r.terminal_status IS NULL AND ${SQL_STARTED} AND NOT ${SQL_COMPLETE}`;
    case 'completed':
    case 'verified':
      return sql`r.terminal_status IS NULL AND ${SQL_COMPLETE}`;
  }
}

async function summaries(db: Db, where: ReturnType<typeof sql>, limit: number): Promise<RunSummary[]> {
  // One pass: progress per run aggregated from its item rows (primary key range scan).
  const rows = rowsOf<SummaryRow>(
    await db.execute(sql`
      SELECT r.id, r.title, r.environment, r.release_version, r.template_id, r.template_version,
             t.name AS template_name, r.terminal_status, r.status_reason, r.started_at, r.ended_at,
             r.created_at, r.version, r.item_total, r.fields,
             i.done, i.touched, s.signed, w.firing
      FROM runs r
      JOIN templates t ON t.id = r.template_id
      CROSS JOIN LATERAL (
        SELECT (count(*) FILTER (WHERE NOT ri.reference AND ri.state IN ('done', 'skipped')))::int AS done,
               (count(*) FILTER (WHERE ri.state <> 'open'))::int AS touched
        FROM run_items ri WHERE ri.run_id = r.id
      ) i
      CROSS JOIN LATERAL (SELECT count(*)::int AS signed FROM run_signoffs so WHERE so.run_id = r.id) s
      CROSS JOIN LATERAL (
        SELECT count(*)::int AS firing FROM run_watches rw
        WHERE rw.run_id = r.id AND rw.kind = 'trigger' AND rw.state = 'firing'
      ) w
      WHERE ${where}
      ORDER BY r.created_at DESC, r.id DESC
      LIMIT ${limit}`),
  );
  // Sign-offs only count on complete runs: any signed snapshot was complete, so an incomplete
  // run's sign-offs are all stale. Only complete, signed runs need their hashes recomputed.
  const needHash = rows.filter(
    (r) =>
      !r.terminal_status &&
      r.signed > 0 &&
      isComplete({ done: r.done, total: r.item_total }, r.started_at !== null || r.touched > 0),
  );
  const current = new Map<string, number>();
  if (needHash.length) {
    const ids = needHash.map((r) => r.id);
    const [itemRows, signoffRows] = await Promise.all([
      db
        .select({ runId: runItems.runId, id: runItems.itemId, state: runItems.state })
        .from(runItems)
        .where(inArray(runItems.runId, ids)),
      db.select().from(runSignoffs).where(inArray(runSignoffs.runId, ids)),
    ]);
    for (const r of needHash) {
      const model = await templateModel(db, r.template_id, r.template_version);
      const hash = snapshotHash(
        snapshotOf({
          templateId: r.template_id,
          templateVersion: r.template_version,
          items: itemRows.filter((i) => i.runId === r.id),
          fields: fieldsWithDefaults(model, r.fields),
        }),
      );
      current.set(r.id, signoffRows.filter((s) => s.runId === r.id && s.snapshotHash === hash).length);
    }
  }
  const out: RunSummary[] = [];
  for (const r of rows) {
    const model = await templateModel(db, r.template_id, r.template_version);
    const total = signoffRolesOf(model.signoff.roles).length;
    const signed = current.get(r.id) ?? 0;
    const progress = { done: r.done, total: r.item_total };
    out.push({
      id: r.id,
      status: deriveStatus({
        terminalStatus: r.terminal_status,
        started: r.started_at !== null || r.touched > 0,
        progress,
        currentSignoffs: signed,
        requiredSignoffs: total,
      }),
      version: r.version,
      title: r.title,
      environment: r.environment,
      ...(r.release_version !== null ? { releaseVersion: r.release_version } : {}),
      templateId: r.template_id,
      templateVersion: r.template_version,
      templateName: r.template_name,
      createdAt: toIso(r.created_at)!,
      ...(r.started_at ? { startedAt: toIso(r.started_at) } : {}),
      ...(r.ended_at ? { endedAt: toIso(r.ended_at) } : {}),
      ...(r.status_reason !== null ? { statusReason: r.status_reason } : {}),
      progress,
      signoffs: { signed, total },
      firing: r.firing,
    });
  }
  return out;
}

/** Runs newest first, with progress and status; `status` filters on the derived status. */
export async function listRuns(db: Db, opts: ListRunsOptions = {}): Promise<RunSummary[]> {
  const limit = Math.max(1, Math.min(500, Math.trunc(opts.limit ?? 100)));
  const where = sql.join(
    [
      statusFilter(opts.status),
      opts.environment !== undefined ? sql`r.environment = ${opts.environment}` : sql`TRUE`,
      opts.templateId !== undefined ? sql`r.template_id = ${opts.templateId}` : sql`TRUE`,
    ],
    sql` AND `,
  );
  const list = await summaries(db, where, limit);
  return opts.status ? list.filter((r) => r.status === opts.status) : list;
}

/** One run's summary (status, progress, sign-off count) without loading its items' texts. */
export async function getRunSummary(db: Db, id: string): Promise<RunSummary> {
  const [summary] = await summaries(db, sql`r.id = ${id}`, 1);
  if (!summary) throw runNotFound();
  return summary;
}
