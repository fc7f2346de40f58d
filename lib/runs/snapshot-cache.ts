/**
 * `GET /api/v1/runs/:id` under a crowd: the run's JSON is composed once per change, not once
 * per request. Each request reads one small token for the run (its version, its template's
 * name, and how many audit events it has and the newest): every change to what the run view
 * shows appends an audit event in the same transaction, so a commit always changes the token
 * (the count as well as the newest id: ids are not handed out in commit order). The cached
 * JSON is reused while the token is unchanged, and its ETag answers revalidations with 304.
 *
 * Staged runs are composed every time: their view depends on the clock (recurring periods)
 * and on trigger observations that are not audited.
 */
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { type Db, rowsOf } from '@/lib/db/client';
import { getRun } from './read';
import { runNotFound } from './run-errors';

export interface RunSnapshot {
  /** The run view as JSON text. */
  body: string;
  /** A strong validator of `body`. */
  etag: string;
}

interface Entry extends RunSnapshot {
  token: string;
}

const MAX_RUNS = 100;
const cache = new WeakMap<Db, Map<string, Entry>>();

async function runToken(db: Db, id: string): Promise<string | null> {
  const [row] = rowsOf<{ version: number; name: string; events: number; last: string | number | null }>(
    await db.execute(sql`
      SELECT r.version, t.name,
        (SELECT count(*)::int FROM audit_events a WHERE a.run_id = r.id) AS events,
        (SELECT max(a.id) FROM audit_events a WHERE a.run_id = r.id) AS last
      FROM runs r JOIN templates t ON t.id = r.template_id
      WHERE r.id = ${id}`),
  );
  return row ? `${row.version}:${row.events}:${row.last ?? 0}:${row.name}` : null;
}

const etagOf = (body: string) => `"${createHash('sha1').update(body).digest('base64url')}"`;

/** The run view as JSON with its ETag, from the cache while the run is unchanged. */
export async function runSnapshot(db: Db, id: string): Promise<RunSnapshot> {
  // A run id that is not a UUID cannot exist; getRun answers it (404) without the token query.
  if (!/^[0-9a-f-]{36}$/i.test(id)) return fresh(db, id);
  const token = await runToken(db, id);
  if (token === null) throw runNotFound();
  const runs = cache.get(db) ?? new Map<string, Entry>();
  cache.set(db, runs);
  const hit = runs.get(id);
  if (hit && hit.token === token) {
    // Most recently used last, so the oldest goes first when the cache is full.
    runs.delete(id);
    runs.set(id, hit);
    return hit;
  }
  const view = await getRun(db, id);
  const body = JSON.stringify(view);
  const entry: Entry = { body, etag: etagOf(body), token };
  if (view.stages.length === 0) {
    runs.delete(id);
    if (runs.size >= MAX_RUNS) runs.delete(runs.keys().next().value!);
    runs.set(id, entry);
  }
  return entry;
}

async function fresh(db: Db, id: string): Promise<RunSnapshot> {
  const body = JSON.stringify(await getRun(db, id));
  return { body, etag: etagOf(body) };
}
