import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { env } from '@/lib/config/env';
import { log } from '@/lib/log';
import * as schema from './schema';
import { acquireStoreLock } from './store-lock';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type DbKind = 'postgres' | 'pglite';

export interface Database {
  db: Db;
  kind: DbKind;
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export const migrationsFolder = path.join(process.cwd(), 'lib/db/migrations');
/** When the newest migration in the folder was made: a database at or past it needs nothing. */
function newestMigrationMillis(): number {
  const journal = JSON.parse(readFileSync(path.join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as {
    entries: { when: number }[];
  };
  return Math.max(...journal.entries.map((e) => e.when));
}

/**
 * True when every migration is applied. An app connecting as a role that may not create or
 * alter tables (see lib/db/app-role.ts) then starts without trying DDL it is not allowed.
 */
async function upToDate(client: import('pg').PoolClient): Promise<boolean> {
  try {
    const r = await client.query<{ at: string | null }>(
      'SELECT max(created_at)::text AS at FROM drizzle.__drizzle_migrations',
    );
    return Number(r.rows[0]?.at ?? 0) >= newestMigrationMillis();
  } catch {
    return false;
  }
}

/** Any constant works; it only has to be the same for every Liftoff instance. */
const MIGRATION_LOCK_KEY = 7_214_001;

export async function openPostgres(url: string): Promise<Database> {
  const { Pool } = await import('pg');
  const { drizzle } = await import('drizzle-orm/node-postgres');
  const { migrate } = await import('drizzle-orm/node-postgres/migrator');
  const pool = new Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: 3_000,
    idleTimeoutMillis: 30_000,
    // A runaway query must not hold a connection forever.
    options: '-c statement_timeout=15000',
  });
  // Without a listener, an idle client losing its server would crash the process.
  pool.on('error', (err) => log.warn('postgres connection lost', { error: err.message }));
  const db = drizzle({ client: pool, schema }) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    async migrate() {
      const client = await pool.connect();
      try {
        // Several instances may start together; one migrates, the others wait for it.
        await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
        if (await upToDate(client)) return;
        await migrate(drizzle({ client, schema }), { migrationsFolder }).catch((err: unknown) => {
          if (
            (err as { code?: string })?.code === '42501' ||
            (err as { cause?: { code?: string } })?.cause?.code === '42501'
          ) {
            throw new Error(
              'the database needs migrations this role may not run: run `liftoff migrate` as the owner of the tables',
            );
          }
          throw err;
        });
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {});
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

export async function openPglite(dataDir: string | null): Promise<Database> {
  const release = dataDir ? acquireStoreLock(dataDir) : () => {};
  try {
    const { PGlite } = await import('@electric-sql/pglite');
    const { drizzle } = await import('drizzle-orm/pglite');
    const { migrate } = await import('drizzle-orm/pglite/migrator');
    const client = dataDir ? await PGlite.create(dataDir) : await PGlite.create();
    const db = drizzle({ client, schema }) as unknown as Db;
    return {
      db,
      kind: 'pglite',
      migrate: () => migrate(drizzle({ client, schema }), { migrationsFolder }),
      async close() {
        await client.close();
        release();
      },
    };
  } catch (err) {
    release();
    throw err;
  }
}

/** Opens the store the configuration names: PostgreSQL when DATABASE_URL is set, else PGlite. */
export function openConfiguredDatabase(): Promise<Database> {
  const { DATABASE_URL, dataDir } = env();
  return DATABASE_URL ? openPostgres(DATABASE_URL) : openPglite(dataDir);
}

const g = globalThis as unknown as { __liftoffDb?: Promise<Database> };

/** The process-wide store, migrated before first use. Kept on globalThis so every bundle shares it. */
export function database(): Promise<Database> {
  g.__liftoffDb ??= (async () => {
    const handle = await openConfiguredDatabase();
    try {
      await handle.migrate();
    } catch (err) {
      // Every request retries while the database is down: don't leave a pool behind each time.
      await handle.close().catch(() => {});
      throw err;
    }
    return handle;
  })().catch((err) => {
    g.__liftoffDb = undefined;
    throw err;
  });
  return g.__liftoffDb;
}

export async function getDb(): Promise<Db> {
  return (await database()).db;
}

/** Rows of a raw `db.execute` result; node-postgres and PGlite both return `{ rows }`. */
export const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;
