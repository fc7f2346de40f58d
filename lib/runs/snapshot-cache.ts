/**
 * `GET /api/v1/runs/:id` under a crowd: the run's JSON is not rebuilt from scratch per request.
 * Each request reads the run row with a token in one round trip: how many audit events the run
 * has and the newest id. Every change to what the run view shows appends an audit event in the
 * same transaction, so a commit always changes the token (the count as well as the newest id:
 * ids are not handed out in commit order).
 * - Token unchanged: the cached JSON (and its ETag, which answers revalidations with 304).
 * - Only item changes since (the common case while people tick): one more round trip reads the
 *   items those events name, and the view is composed from the cached rows with them.
 * - Anything else (a sign-off, a field, an event committed out of id order): composed afresh.
 *
 * Staged runs are composed every time: their view depends on the clock (recurring periods)
 * and on trigger observations that are not audited. A run's stages come with its template
 * version, which never changes, so once a run is known to be staged its token is not read.
 */
import { createHash } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Checklist } from '@/lib/checklist/model';
import type { Db } from '@/lib/db/client';
import { runItems, runSignoffs, runs, templates } from '@/lib/db/schema';
import { composeRun, getRun } from './read';
import type { ItemRow, SignoffRow } from './row-views';
import { runNotFound } from './run-errors';
import { templateModel } from './template-model';

export interface RunSnapshot {
  /** The run view as JSON text. */
  body: string;
  /** A strong validator of `body`. */
  etag: string;
}

type RunRow = typeof runs.$inferSelect;

interface Head {
  run: RunRow;
  name: string;
  events: number;
  last: number;
}

interface Entry extends RunSnapshot, Head {
  model: Checklist;
  items: Map<string, ItemRow>;
  signoffs: SignoffRow[];
}

/** Audit actions that change one item's row and nothing else the view shows. */
const ITEM_ACTIONS = ['item.state', 'item.note', 'check.verify', 'item.reverify'];
const MAX_RUNS = 100;
const cache = new WeakMap<Db, Map<string, Entry>>();
/** Runs known to be staged, per store (cleared when it grows past a bound). */
const stagedRuns = new WeakMap<Db, Set<string>>();
const MAX_STAGED = 1_000;

/**
 * The run row, its token and the events after `sinceId` (action, subject), in one statement so
 * all three come from one snapshot of the database.
 */
async function readHead(db: Db, id: string, sinceId: number) {
  const [row] = await db
    .select({
      run: runs,
      name: templates.name,
      events: sql<number>`(SELECT count(*)::int FROM audit_events a WHERE a.run_id = ${runs.id})`,
      last: sql<string | number | null>`(SELECT max(a.id) FROM audit_events a WHERE a.run_id = ${runs.id})`,
      since: sql<
        [string, string | null][]
      >`(SELECT coalesce(json_agg(json_build_array(a.action, a.subject)), '[]'::json)
        FROM audit_events a WHERE a.run_id = ${runs.id} AND a.id > ${sinceId})`,
    })
    .from(runs)
    .innerJoin(templates, eq(templates.id, runs.templateId))
    .where(eq(runs.id, id));
  if (!row) return null;
  const since = typeof row.since === 'string' ? (JSON.parse(row.since) as typeof row.since) : row.since;
  const head: Head = {
    run: row.run,
    name: row.name,
    events: Number(row.events),
    last: Number(row.last ?? 0),
  };
  return { head, since };
}

const etagOf = (body: string) => `"${createHash('sha1').update(body).digest('base64url')}"`;

function finish(head: Head, model: Checklist, items: Map<string, ItemRow>, signoffs: SignoffRow[]): Entry {
  const view = composeRun(head.run, head.name, model, [...items.values()], signoffs);
  const body = JSON.stringify(view);
  return { ...head, model, items, signoffs, body, etag: etagOf(body) };
}

async function composeFresh(db: Db, head: Head, model: Checklist): Promise<Entry> {
  const [itemRows, signoffs] = await Promise.all([
    db.select().from(runItems).where(eq(runItems.runId, head.run.id)),
    db.select().from(runSignoffs).where(eq(runSignoffs.runId, head.run.id)),
  ]);
  return finish(head, model, new Map(itemRows.map((r) => [r.itemId, r])), signoffs);
}

/** The cached entry brought up to `head` with the items its new events name, or null when it cannot be. */
async function composeIncrement(
  db: Db,
  cached: Entry,
  head: Head,
  since: [string, string | null][],
): Promise<Entry | null> {
  if (head.name !== cached.name || head.run.version !== cached.run.version) return null;
  // Fewer new ids than new events: one committed below the cached newest id; start afresh.
  if (since.length !== head.events - cached.events) return null;
  if (since.some(([action, subject]) => !ITEM_ACTIONS.includes(action) || !subject)) return null;
  const ids = [...new Set(since.map(([, subject]) => subject!))];
  const items = new Map(cached.items);
  if (ids.length > 0) {
    const changed = await db
      .select()
      .from(runItems)
      .where(and(eq(runItems.runId, head.run.id), inArray(runItems.itemId, ids)));
    for (const row of changed) items.set(row.itemId, row);
  }
  return finish(head, cached.model, items, cached.signoffs);
}

/** The run view as JSON with its ETag, from the cache while the run is unchanged. */
async function composedNow(db: Db, id: string): Promise<RunSnapshot> {
  const body = JSON.stringify(await getRun(db, id));
  return { body, etag: etagOf(body) };
}

export async function runSnapshot(db: Db, id: string): Promise<RunSnapshot> {
  const staged = stagedRuns.get(db) ?? new Set<string>();
  stagedRuns.set(db, staged);
  if (staged.has(id)) return composedNow(db, id);
  const runsCache = cache.get(db) ?? new Map<string, Entry>();
  cache.set(db, runsCache);
  const cached = runsCache.get(id);
  const read = await readHead(db, id, cached?.last ?? Number.MAX_SAFE_INTEGER);
  if (!read) throw runNotFound();
  const { head, since } = read;
  const model = await templateModel(db, head.run.templateId, head.run.templateVersion);
  if (model.stages?.length) {
    if (staged.size >= MAX_STAGED) staged.clear();
    staged.add(id);
    return composedNow(db, id);
  }
  runsCache.delete(id);
  const unchanged =
    cached &&
    cached.events === head.events &&
    cached.last === head.last &&
    cached.name === head.name &&
    cached.run.version === head.run.version;
  const entry = unchanged
    ? cached
    : ((cached && (await composeIncrement(db, cached, head, since))) ??
      (await composeFresh(db, head, model)));
  // Most recently used last, so the oldest goes first when the cache is full.
  if (runsCache.size >= MAX_RUNS) runsCache.delete(runsCache.keys().next().value!);
  runsCache.set(id, entry);
  return entry;
}
