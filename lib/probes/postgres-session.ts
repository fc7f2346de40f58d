import 'server-only';
import pg from 'pg';
import type { Database } from '@/lib/db/client';
import { log } from '@/lib/log';

/**
 * Where PostgreSQL probes run their SQL: a small pool for a configured URL, or Liftoff's own
 * store (node-postgres pool or embedded PGlite) through the app's db handle. Every probe runs
 * inside a READ ONLY transaction with a statement timeout and is rolled back.
 */

export interface SqlField {
  name: string;
  dataTypeID: number;
}
export interface SqlRows {
  rows: Record<string, unknown>[];
  fields: SqlField[];
}
export type SqlQuery = (text: string, params?: unknown[]) => Promise<SqlRows>;

export interface PostgresSession {
  readOnly<T>(timeoutMs: number, fn: (query: SqlQuery) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const statementTimeout = (ms: number) => `SET LOCAL statement_timeout = ${Math.max(1, Math.floor(ms))}`;

/**
 * The extended protocol takes exactly one statement, so `SELECT 1; COMMIT; DELETE ...` cannot
 * end the read-only transaction and write after it. (@types/pg does not know `queryMode`.)
 */
const oneStatement = (text: string, values: unknown[] | undefined) =>
  ({ text, values, queryMode: 'extended' }) as pg.QueryConfig;

function poolSession(pool: pg.Pool, owned: boolean): PostgresSession {
  return {
    async readOnly(timeoutMs, fn) {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query('BEGIN READ ONLY');
        await client.query(statementTimeout(timeoutMs));
        return await fn(async (text, params) => {
          const r = await client.query(oneStatement(text, params));
          return { rows: r.rows, fields: r.fields };
        });
      } finally {
        // Always roll back: nothing a check runs is ever committed.
        await client.query('ROLLBACK').catch(() => {
          broken = true;
        });
        // Session state outlives ROLLBACK (advisory locks, settings, prepared statements,
        // LISTEN): a probe's connection goes back to the pool as new, or not at all.
        if (owned && !broken) {
          await client.query('DISCARD ALL').catch(() => {
            broken = true;
          });
        }
        client.release(broken);
      }
    },
    close: () => (owned ? pool.end() : Promise.resolve()),
  };
}

/** A small per-target pool; connections are reused between probes and closed when idle. */
export function urlSession(url: string, timeoutMs: number): PostgresSession {
  const pool = new pg.Pool({
    connectionString: url,
    max: 2,
    connectionTimeoutMillis: timeoutMs,
    idleTimeoutMillis: 30_000,
    allowExitOnIdle: true,
    application_name: 'liftoff-probe',
  });
  // An idle client losing its server must not crash the process (and the URL is never logged).
  pool.on('error', (err) => log.debug('probe connection lost', { error: err.message }));
  return poolSession(pool, true);
}

/** The subset of PGlite's API probes use. */
interface PgliteLike {
  transaction<T>(
    fn: (tx: {
      query(text: string, params?: unknown[]): Promise<{ rows: unknown[]; fields: SqlField[] }>;
      rollback(): Promise<void>;
      readonly closed: boolean;
    }) => Promise<T>,
  ): Promise<T>;
}

function pgliteSession(db: PgliteLike): PostgresSession {
  return {
    readOnly(timeoutMs, fn) {
      return db.transaction(async (tx) => {
        try {
          await tx.query('SET TRANSACTION READ ONLY');
          await tx.query(statementTimeout(timeoutMs));
          return await fn(async (text, params) => {
            // PGlite's query() is the extended protocol too: one statement only.
            const r = await tx.query(text, params);
            return { rows: r.rows as Record<string, unknown>[], fields: r.fields };
          });
        } finally {
          if (!tx.closed) await tx.rollback().catch(() => {});
        }
      });
    },
    // The app owns its store.
    close: () => Promise.resolve(),
  };
}

/** Probes through the app's own db handle (embedded PGlite, or its PostgreSQL pool). */
export function databaseSession(handle: Database): PostgresSession {
  const client = (handle.db as unknown as { $client: unknown }).$client;
  return handle.kind === 'pglite'
    ? pgliteSession(client as PgliteLike)
    : poolSession(client as pg.Pool, false);
}
