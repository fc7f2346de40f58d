import 'server-only';
import { cachedClient } from './clients';
import type { PostgresTarget } from './kinds/postgres';
import { ProbeFailure, timed } from './outcome';
import {
  databaseSession,
  type PostgresSession,
  type SqlQuery,
  type SqlRows,
  urlSession,
} from './postgres-session';
import { selfDatabase } from './self';
import type { ProbeOptions } from './types';

/**
 * The PostgreSQL kind's plumbing: the session a target's probes run in, read-only statements
 * with PostgreSQL's refusals explained, and the figures the health panel shares with probes.
 */

export const READ_ONLY_MESSAGE = 'only read-only queries can run as checks';

const INT8 = 20;
const NUMERIC = 1700;

/** Counts and sizes arrive as strings (int8/numeric); numbers within range read better as numbers. */
function cell(value: unknown, dataTypeID: number | undefined): unknown {
  if (typeof value === 'string' && (dataTypeID === INT8 || dataTypeID === NUMERIC)) {
    const n = Number(value);
    if (dataTypeID === INT8 ? Number.isSafeInteger(n) : Number.isFinite(n)) return n;
  }
  if (value instanceof Date) return value.toISOString();
  return value;
}

export function firstCell(r: SqlRows): unknown {
  const row = r.rows[0];
  const field = r.fields[0];
  if (!row || !field) return null;
  return cell(row[field.name], field.dataTypeID);
}

export function named(r: SqlRows, column: string): unknown {
  const row = r.rows[0];
  return row ? cell(row[column], r.fields.find((f) => f.name === column)?.dataTypeID) : null;
}

/** Maps PostgreSQL's refusals to messages about the check, not about the server. */
function explain(err: unknown, timeoutMs: number): unknown {
  const e = err as { code?: unknown; message?: unknown };
  if (e?.code === '25006') return new ProbeFailure(`${READ_ONLY_MESSAGE} (${String(e.message)})`);
  if (e?.code === '57014') {
    return new ProbeFailure(
      `the query ran longer than ${timeoutMs} ms and was cancelled (statement timeout)`,
    );
  }
  if (e?.code === '42601' && /multiple commands/.test(String(e.message))) {
    return new ProbeFailure('a check runs exactly one statement');
  }
  return err;
}

/**
 * Runs one statement in a READ ONLY transaction with a statement timeout and rolls it back.
 * Writes, also hidden in CTEs or in functions like nextval(), fail with READ_ONLY_MESSAGE.
 */
export async function readOnlyQuery(
  session: PostgresSession,
  sql: string,
  timeoutMs: number,
): Promise<{ rows: SqlRows; latencyMs: number }> {
  try {
    return await session.readOnly(timeoutMs, async (query) => {
      const { value, latencyMs } = await timed(() => query(sql));
      return { rows: value, latencyMs };
    });
  } catch (err) {
    throw explain(err, timeoutMs);
  }
}

export async function inSession<T>(
  session: PostgresSession,
  timeoutMs: number,
  fn: (q: SqlQuery) => Promise<T>,
) {
  try {
    return await session.readOnly(timeoutMs, fn);
  } catch (err) {
    throw explain(err, timeoutMs);
  }
}

export async function sessionFor(target: PostgresTarget, opts: ProbeOptions): Promise<PostgresSession> {
  if (target.url === null) return databaseSession(await selfDatabase(opts));
  const url = target.url;
  return cachedClient(`postgres:${target.environment}/${target.key}`, `${url}|${target.timeoutMs}`, () => {
    const session = urlSession(url, target.timeoutMs);
    return { value: session, close: () => session.close() };
  });
}

const CONNECTIONS_SQL = `SELECT
  (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend')::int AS in_use,
  current_setting('max_connections')::int AS max`;
const CACHE_SQL = `SELECT blks_hit, blks_read FROM pg_stat_database WHERE datname = current_database()`;

export async function cacheHitRatio(q: SqlQuery) {
  const r = await q(CACHE_SQL);
  const hit = Number(named(r, 'blks_hit') ?? 0);
  const read = Number(named(r, 'blks_read') ?? 0);
  return { ratio: hit + read > 0 ? hit / (hit + read) : null, blksHit: hit, blksRead: read };
}

export async function connections(q: SqlQuery) {
  const r = await q(CONNECTIONS_SQL);
  const inUse = Number(named(r, 'in_use'));
  const max = Number(named(r, 'max'));
  return { inUse, max, usage: max > 0 ? inUse / max : null };
}
