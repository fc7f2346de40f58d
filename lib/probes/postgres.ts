import 'server-only';
import type { PostgresProbe } from '@/lib/checks/ast';
import { checkReadOnlySql } from '@/lib/checks/sql';
import { probeSecrets } from '@/lib/config/secrets';
import type { PostgresTarget } from '@/lib/config/targets';
import { cachedClient } from './clients';
import { assertAllowed, type Measured, ProbeFailure, runProbe, timed } from './outcome';
import { type PanelResult, toPanel } from './panel';
import {
  databaseSession,
  type PostgresSession,
  type SqlQuery,
  type SqlRows,
  urlSession,
} from './postgres-session';
import { selfDatabase } from './self';
import type { PostgresProbeModule, ProbeOptions } from './types';

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

function firstCell(r: SqlRows): unknown {
  const row = r.rows[0];
  const field = r.fields[0];
  if (!row || !field) return null;
  return cell(row[field.name], field.dataTypeID);
}

function named(r: SqlRows, column: string): unknown {
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

async function inSession<T>(session: PostgresSession, timeoutMs: number, fn: (q: SqlQuery) => Promise<T>) {
  try {
    return await session.readOnly(timeoutMs, fn);
  } catch (err) {
    throw explain(err, timeoutMs);
  }
}

async function sessionFor(target: PostgresTarget, opts: ProbeOptions): Promise<PostgresSession> {
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

async function cacheHitRatio(q: SqlQuery) {
  const r = await q(CACHE_SQL);
  const hit = Number(named(r, 'blks_hit') ?? 0);
  const read = Number(named(r, 'blks_read') ?? 0);
  return { ratio: hit + read > 0 ? hit / (hit + read) : null, blksHit: hit, blksRead: read };
}

async function connections(q: SqlQuery) {
  const r = await q(CONNECTIONS_SQL);
  const inUse = Number(named(r, 'in_use'));
  const max = Number(named(r, 'max'));
  return { inUse, max, usage: max > 0 ? inUse / max : null };
}

function runPostgres(session: PostgresSession, request: PostgresProbe, timeoutMs: number): Promise<Measured> {
  if (request.op === 'query') {
    // The parser's screen with a precise reason; the READ ONLY transaction is the guarantee.
    const verdict = checkReadOnlySql(request.sql);
    if (!verdict.ok) throw new ProbeFailure(`${READ_ONLY_MESSAGE} (${verdict.reason})`);
    return readOnlyQuery(session, request.sql, timeoutMs).then(({ rows, latencyMs }) => ({
      value: firstCell(rows),
      body: { rowCount: rows.rows.length, columns: rows.fields.map((f) => f.name) },
      latencyMs,
    }));
  }
  return inSession(session, timeoutMs, async (q): Promise<Measured> => {
    switch (request.op) {
      case 'ping': {
        const { latencyMs } = await timed(() => q('SELECT 1'));
        return { value: 'ok', latencyMs };
      }
      case 'version': {
        const { value: short, latencyMs } = await timed(() => q('SHOW server_version'));
        const full = await q('SELECT version() AS version');
        return { value: firstCell(short), body: { version: named(full, 'version') }, latencyMs };
      }
      case 'extension': {
        const { value: installed, latencyMs } = await timed(() =>
          q('SELECT extversion FROM pg_extension WHERE extname = $1', [request.extension]),
        );
        const available = await q('SELECT default_version FROM pg_available_extensions WHERE name = $1', [
          request.extension,
        ]);
        const version = firstCell(installed);
        return {
          // The installed version reads as true for `installed` and compares as a version.
          value: version ?? false,
          body: {
            installed: version !== null,
            version,
            available: available.rows.length > 0,
            defaultVersion: firstCell(available),
          },
          latencyMs,
        };
      }
      case 'table': {
        const { value: r, latencyMs } = await timed(() =>
          q('SELECT to_regclass($1) IS NOT NULL AS present', [request.table]),
        );
        return { value: named(r, 'present') === true, latencyMs };
      }
      case 'connections': {
        const { value: c, latencyMs } = await timed(() => connections(q));
        return { value: c.inUse, body: c, latencyMs };
      }
      case 'size': {
        const { value: r, latencyMs } = await timed(() =>
          q('SELECT pg_database_size(current_database())::bigint AS bytes'),
        );
        return { value: named(r, 'bytes'), latencyMs };
      }
      case 'cache-hit-ratio': {
        const { value: c, latencyMs } = await timed(() => cacheHitRatio(q));
        return { value: c.ratio, body: c, latencyMs };
      }
    }
  });
}

const callFor = (target: PostgresTarget, opts: ProbeOptions = {}) => ({
  timeoutMs: opts.timeoutMs ?? target.timeoutMs,
  signal: opts.signal,
  secrets: probeSecrets(target),
});

export const postgresProbe: PostgresProbeModule = {
  kind: 'postgres',
  run(target, request, opts = {}) {
    const call = callFor(target, opts);
    return runProbe(call, async () => {
      // The embedded store is always Liftoff's own, whatever its name.
      assertAllowed({ kind: 'postgres', name: target.url === null ? 'self' : target.name }, request);
      return runPostgres(await sessionFor(target, opts), request, call.timeoutMs);
    });
  },
};

export interface PostgresPanel {
  version: string | null;
  connections: { inUse: number; max: number; usage: number | null };
  sizeBytes: number | null;
  cacheHitRatio: number | null;
  extensions: { name: string; version: string }[];
  /** Liftoff's own embedded store (PGlite). */
  embedded: boolean;
  pingMs: number;
}

/** Everything the health page's PostgreSQL panel shows, in one read-only transaction. */
export function postgresPanel(
  target: PostgresTarget,
  opts: ProbeOptions = {},
): Promise<PanelResult<PostgresPanel>> {
  const call = callFor(target, opts);
  return runProbe(call, async () => {
    const session = await sessionFor(target, opts);
    const panel = await inSession(session, call.timeoutMs, async (q): Promise<PostgresPanel> => {
      const ping = await timed(() => q('SELECT 1'));
      const version = await q('SHOW server_version');
      const size = await q('SELECT pg_database_size(current_database())::bigint AS bytes');
      const extensions = await q(
        'SELECT extname AS name, extversion AS version FROM pg_extension ORDER BY 1',
      );
      const sizeBytes = named(size, 'bytes');
      return {
        version: (firstCell(version) as string | null) ?? null,
        connections: await connections(q),
        sizeBytes: typeof sizeBytes === 'number' ? sizeBytes : null,
        cacheHitRatio: (await cacheHitRatio(q)).ratio,
        extensions: extensions.rows.map((r) => ({ name: String(r.name), version: String(r.version) })),
        embedded: target.url === null,
        pingMs: ping.latencyMs,
      };
    });
    return { value: panel, latencyMs: panel.pingMs };
  }).then((r) => toPanel<PostgresPanel>(r));
}
