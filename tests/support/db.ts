import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Database, openPglite, openPostgres } from '@/lib/db/client';

/** The server the integration tests create throwaway databases on. */
export const ADMIN_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

function withDatabase(url: string, name: string) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A fresh, migrated PostgreSQL database; dropped on close. */
export async function freshPostgres(): Promise<Database & { url: string }> {
  const name = `liftoff_t_${randomBytes(5).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = withDatabase(ADMIN_URL, name);
  const handle = await openPostgres(url);
  await handle.migrate();
  return {
    ...handle,
    url,
    async close() {
      await handle.close();
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

/** A fresh, migrated in-memory PGlite. */
export async function freshPglite(): Promise<Database> {
  const handle = await openPglite(null);
  await handle.migrate();
  return handle;
}

/** Storage tests run once per backend. */
export const backends = [
  ['postgres', freshPostgres],
  ['pglite', freshPglite],
] as const satisfies readonly (readonly [string, () => Promise<Database>])[];
