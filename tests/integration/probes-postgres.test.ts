import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PostgresProbe } from '@/lib/checks/ast';
import {
  defaultTargetsConfig,
  type PostgresTarget,
  parseTargetsConfig,
  publicTargets,
  resolveTarget,
  type TargetsConfig,
} from '@/lib/config/targets';
import type { Database } from '@/lib/db/client';
import { closeProbeClients, postgresPanel, postgresProbe, READ_ONLY_MESSAGE, runCheck } from '@/lib/probes';
import { readOnlyQuery } from '@/lib/probes/postgres-query';
import { databaseSession, urlSession } from '@/lib/probes/postgres-session';
import { ADMIN_URL, freshPglite } from '../support/db';
import { freePort } from '../support/probe-servers';

/** A probe request without its kind (Omit does not distribute over the union). */
type Request = PostgresProbe extends infer P ? (P extends unknown ? Omit<P, 'kind'> : never) : never;
const PASSWORD = `Pg-${randomBytes(6).toString('hex')}-secret`;
const DB = `liftoff_probe_${randomBytes(4).toString('hex')}`;
const ROLE = `probe_${randomBytes(4).toString('hex')}`;

async function admin<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const onDb = (url: string, db: string, user?: string, password?: string) => {
  const u = new URL(url);
  u.pathname = `/${db}`;
  if (user) u.username = user;
  if (password) u.password = password;
  return u.toString();
};

const WRITES = [
  "INSERT INTO items (name) VALUES ('x')",
  "UPDATE items SET name = 'y'",
  'DELETE FROM items',
  'DROP TABLE items',
  'CREATE TABLE sneaky (id int)',
  'WITH gone AS (DELETE FROM items RETURNING *) SELECT count(*) FROM gone',
  "SELECT nextval('items_id_seq')",
  'SELECT bump()',
];

describe('postgres probes against a real PostgreSQL', () => {
  let dbUrl: string;
  let config: TargetsConfig;
  let target: PostgresTarget;
  let pglite: Database;

  const run = (probe: Request, t: PostgresTarget = target) =>
    postgresProbe.run(t, { kind: 'postgres', ...probe } as PostgresProbe);
  const state = () =>
    admin(dbUrl, async (c) => {
      const rows = await c.query('SELECT count(*)::int AS n, max(name) AS name FROM items');
      const seq = await c.query('SELECT last_value::int AS v FROM items_id_seq');
      const sneaky = await c.query("SELECT to_regclass('sneaky') IS NOT NULL AS present");
      return { ...rows.rows[0], seq: seq.rows[0].v, sneaky: sneaky.rows[0].present };
    });

  beforeAll(async () => {
    await admin(ADMIN_URL, async (c) => {
      await c.query(`CREATE DATABASE ${DB}`);
      await c.query(`CREATE ROLE ${ROLE} LOGIN PASSWORD '${PASSWORD}'`);
    });
    dbUrl = onDb(ADMIN_URL, DB);
    await admin(dbUrl, async (c) => {
      await c.query('CREATE TABLE items (id serial PRIMARY KEY, name text NOT NULL)');
      await c.query("INSERT INTO items (name) VALUES ('a'), ('b'), ('c')");
      await c.query(
        "CREATE FUNCTION bump() RETURNS int LANGUAGE sql AS $$ INSERT INTO items (name) VALUES ('bumped') RETURNING id $$",
      );
      await c.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON items TO ${ROLE}`);
      await c.query(`GRANT USAGE, UPDATE ON SEQUENCE items_id_seq TO ${ROLE}`);
      await c.query(`GRANT CREATE ON SCHEMA public TO ${ROLE}`);
      await c.query(`ALTER TABLE items OWNER TO ${ROLE}`);
    });
    const down = await freePort();
    config = parseTargetsConfig(
      [
        'environments:',
        '  test:',
        '    targets:',
        `      postgres:main: { url: "\${MAIN_URL}" }`,
        `      postgres:down: { url: "postgres://${ROLE}:\${PG_PASSWORD}@127.0.0.1:${down}/${DB}", timeout: 1s }`,
      ].join('\n'),
      'probes-postgres.yml',
      { MAIN_URL: onDb(ADMIN_URL, DB, ROLE, PASSWORD), PG_PASSWORD: PASSWORD },
    );
    const found = resolveTarget(config, 'test', 'postgres:main');
    if (!found.ok || found.target.kind !== 'postgres') throw new Error('postgres:main not configured');
    target = found.target;
    pglite = await freshPglite();
  });

  afterAll(async () => {
    await closeProbeClients();
    await pglite?.close();
    await admin(ADMIN_URL, async (c) => {
      await c.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
      await c.query(`DROP ROLE IF EXISTS ${ROLE}`);
    });
  });

  it('pings and reads the version', async () => {
    expect(await run({ op: 'ping' })).toMatchObject({ ok: true, value: 'ok' });
    const version = await run({ op: 'version' });
    expect(version.ok).toBe(true);
    expect(version.value).toMatch(/^\d+(\.\d+)?/);
    expect((version.body as { version: string }).version).toMatch(/^PostgreSQL /);
  });

  it('answers extension and table questions', async () => {
    const plpgsql = await run({ op: 'extension', extension: 'plpgsql' });
    expect(plpgsql).toMatchObject({ ok: true, body: { installed: true } });
    expect(plpgsql.value).toMatch(/^\d/);
    const vector = await run({ op: 'extension', extension: 'no_such_extension' });
    expect(vector).toMatchObject({ ok: true, value: false, body: { installed: false, available: false } });
    expect(await run({ op: 'table', table: 'items' })).toMatchObject({ ok: true, value: true });
    expect(await run({ op: 'table', table: 'public.items' })).toMatchObject({ ok: true, value: true });
    expect(await run({ op: 'table', table: 'missing' })).toMatchObject({ ok: true, value: false });
  });

  it('runs a read-only query and returns its first cell', async () => {
    const r = await run({ op: 'query', sql: 'SELECT count(*) FROM items' });
    expect(r).toMatchObject({ ok: true, value: 3, body: { rowCount: 1, columns: ['count'] } });
    expect(await run({ op: 'query', sql: "SELECT name FROM items WHERE name = 'zzz'" })).toMatchObject({
      ok: true,
      value: null,
    });
    const missing = await run({ op: 'query', sql: 'SELECT count(*) FROM nope' });
    expect(missing).toMatchObject({ ok: false });
    expect(missing.error).toMatch(/relation "nope" does not exist/);
  });

  it('reports connections, size and cache hit ratio', async () => {
    const connections = await run({ op: 'connections' });
    expect(connections.ok).toBe(true);
    expect(connections.value).toBeGreaterThanOrEqual(1);
    expect((connections.body as { max: number }).max).toBeGreaterThan(0);
    const size = await run({ op: 'size' });
    expect(typeof size.value).toBe('number');
    expect(size.value).toBeGreaterThan(1024 * 1024);
    const ratio = await run({ op: 'cache-hit-ratio' });
    expect(ratio.ok).toBe(true);
    expect(
      ratio.value === null || (typeof ratio.value === 'number' && ratio.value >= 0 && ratio.value <= 1),
    ).toBe(true);
  });

  it.each(WRITES)('refuses the write %s and changes nothing', async (sql) => {
    const before = await state();
    const r = await run({ op: 'query', sql });
    expect(r.ok).toBe(false);
    expect(r.error).toContain(READ_ONLY_MESSAGE);
    expect(await state()).toEqual(before);
  });

  it.each(WRITES)('blocks %s in the READ ONLY transaction even past the SQL screen', async (sql) => {
    const before = await state();
    const session = urlSession(onDb(ADMIN_URL, DB), 2_000);
    try {
      await expect(readOnlyQuery(session, sql, 2_000)).rejects.toThrow(READ_ONLY_MESSAGE);
    } finally {
      await session.close();
    }
    expect(await state()).toEqual(before);
  });

  it('runs exactly one statement, so nothing can COMMIT its way out', async () => {
    const before = await state();
    const session = urlSession(onDb(ADMIN_URL, DB), 2_000);
    try {
      await expect(readOnlyQuery(session, 'SELECT 1; COMMIT; DELETE FROM items', 2_000)).rejects.toThrow(
        'a check runs exactly one statement',
      );
      await expect(readOnlyQuery(session, 'COMMIT', 2_000)).resolves.toBeDefined();
      await expect(readOnlyQuery(session, 'DELETE FROM items', 2_000)).rejects.toThrow(READ_ONLY_MESSAGE);
    } finally {
      await session.close();
    }
    expect(await state()).toEqual(before);
  });

  it('cancels a query at the statement timeout', async () => {
    const session = urlSession(onDb(ADMIN_URL, DB), 2_000);
    const started = performance.now();
    try {
      await expect(readOnlyQuery(session, 'SELECT pg_sleep(5)', 300)).rejects.toThrow(/statement timeout/);
    } finally {
      await session.close();
    }
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('fills the health panel', async () => {
    const r = await postgresPanel(target);
    if (!r.ok) throw new Error(r.error);
    expect(r.panel.version).toMatch(/^\d+/);
    expect(r.panel.connections.inUse).toBeGreaterThanOrEqual(1);
    expect(r.panel.connections.max).toBeGreaterThan(0);
    expect(r.panel.sizeBytes).toBeGreaterThan(0);
    expect(r.panel.extensions.map((e) => e.name)).toContain('plpgsql');
    expect(r.panel.embedded).toBe(false);
  });

  it('fails fast with a clear error when PostgreSQL is unreachable', async () => {
    const down = resolveTarget(config, 'test', 'postgres:down');
    if (!down.ok || down.target.kind !== 'postgres') throw new Error('not configured');
    const started = performance.now();
    const r = await run({ op: 'ping' }, down.target);
    expect(performance.now() - started).toBeLessThan(1_500);
    expect(r.ok).toBe(false);
    expect(r.error).toMatch(/connection refused|timed out/);
  });

  it('never shows the password in results, errors or the public view', async () => {
    const results = await Promise.all([
      runCheck(config, 'test', 'postgres:main ping'),
      runCheck(config, 'test', 'postgres:main query "SELECT count(*) FROM items" > 0'),
      runCheck(config, 'test', 'postgres:main query "SELECT count(*) FROM nope" > 0'),
      runCheck(config, 'test', 'postgres:down ping'),
      postgresPanel(target),
    ]);
    expect(results[0].ok).toBe(true);
    expect(results[1].ok).toBe(true);
    expect(results[2].ok).toBe(false);
    expect(results[3].ok).toBe(false);
    const view = publicTargets(config);
    const everything = JSON.stringify([results, view]);
    expect(everything).not.toContain(PASSWORD);
    expect(JSON.stringify(view)).toContain(`postgres://${ROLE}:***@127.0.0.1:5432/${DB}`);
  });

  it("probes Liftoff's own DATABASE_URL as postgres:self with fixed probes only, never free SQL", async () => {
    const local = defaultTargetsConfig({ DATABASE_URL: dbUrl, PORT: '3999' });
    const ping = await runCheck(local, 'local', 'postgres:self ping');
    expect(ping).toMatchObject({ ok: true, results: [{ target: 'postgres:self', value: 'ok' }] });
    const r = await runCheck(local, 'local', 'postgres:self query "SELECT count(*) FROM items" == 3');
    expect(r).toMatchObject({ ok: false, errorCode: 'invalid-check', results: [] });
    expect(r.error).toMatch(/postgres:self is Liftoff itself and answers only fixed probes/);
  });

  it('hands a probe connection back with no session state: locks and settings do not outlive the probe', async () => {
    const session = urlSession(onDb(ADMIN_URL, DB), 2_000);
    const held = async () =>
      admin(onDb(ADMIN_URL, DB), async (c) => {
        // Only this lock: other test files hold migration locks on the same server.
        const r = await c.query(
          "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND objid = 4242 AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
        );
        return r.rows[0].n as number;
      });
    try {
      // Past the SQL screen (which refuses both), straight into the session.
      await readOnlyQuery(session, 'SELECT pg_advisory_lock(4242)', 2_000);
      await readOnlyQuery(session, "SELECT set_config('application_name', 'tampered', false)", 2_000);
      expect(await held()).toBe(0);
      const name = await readOnlyQuery(session, 'SHOW application_name', 2_000);
      expect(name.rows.rows[0]).toEqual({ application_name: 'liftoff-probe' });
    } finally {
      await session.close();
    }
  });

  describe('postgres:self on the embedded store', () => {
    const local = defaultTargetsConfig({});
    const selfStore = () => Promise.resolve(pglite);

    it('is the embedded store when there is no DATABASE_URL', () => {
      const found = resolveTarget(local, 'local', 'postgres:self');
      expect(found.ok && found.target.kind === 'postgres' && found.target.url).toBe(null);
      expect(publicTargets(local).environments[0]?.targets[0]).toMatchObject({
        key: 'postgres:self',
        embedded: true,
      });
    });

    it("runs probes through the app's db handle", async () => {
      const ping = await runCheck(local, 'local', 'postgres:self ping', { selfStore });
      expect(ping.ok).toBe(true);
      const version = await runCheck(local, 'local', 'postgres:self version >= 15', { selfStore });
      expect(version.ok).toBe(true);
      // Its own store holds password hashes and sessions: no free SQL, at parse time or run time.
      const users = await runCheck(local, 'local', 'postgres:self query "SELECT password_hash FROM users"', {
        selfStore,
      });
      expect(users).toMatchObject({ ok: false, errorCode: 'invalid-check', results: [] });
      const found = resolveTarget(local, 'local', 'postgres:self');
      if (!found.ok || found.target.kind !== 'postgres') throw new Error('not configured');
      const direct = await postgresProbe.run(
        found.target,
        { kind: 'postgres', op: 'query', sql: 'SELECT password_hash FROM users' },
        { selfStore },
      );
      expect(direct).toMatchObject({ ok: false, value: null });
      expect(direct.error).toMatch(/answers only fixed probes/);
      const table = await runCheck(local, 'local', 'postgres:self table users', { selfStore });
      expect(table.ok).toBe(true);
    });

    it('refuses writes on the embedded store too', async () => {
      const session = databaseSession(pglite);
      await expect(
        readOnlyQuery(session, "INSERT INTO users (email) VALUES ('x@y.z')", 2_000),
      ).rejects.toThrow(READ_ONLY_MESSAGE);
      await expect(readOnlyQuery(session, 'SELECT 1; DELETE FROM users', 2_000)).rejects.toThrow();
      const count = await readOnlyQuery(session, 'SELECT count(*)::int AS n FROM users', 2_000);
      expect(count.rows.rows[0]).toEqual({ n: 0 });
      // The store still takes the app's own writes afterwards: nothing was left open.
      await pglite.db.execute('SELECT 1');
    });

    it('fills the panel', async () => {
      const found = resolveTarget(local, 'local', 'postgres:self');
      if (!found.ok || found.target.kind !== 'postgres') throw new Error('not configured');
      const r = await postgresPanel(found.target, { selfStore });
      if (!r.ok) throw new Error(r.error);
      expect(r.panel.embedded).toBe(true);
      expect(r.panel.version).toMatch(/^\d+/);
    });
  });
});
