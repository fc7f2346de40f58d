import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PostgresTarget, TargetsConfig } from '@/lib/config/targets';
import { type Database, openPostgres } from '@/lib/db/client';
import { closeProbeClients, probeRoleWarnings } from '@/lib/probes';
import { createRun, listAudit } from '@/lib/runs';
import { as as as_, people, releaseTemplate } from '../integration/runs-fixtures';
import { ADMIN_URL, freshPostgres } from '../support/db';

const ROOT = path.resolve(import.meta.dirname, '../..');
const suffix = randomBytes(4).toString('hex');
const APP_ROLE = `liftoff_app_${suffix}`;
const PROBE_ROLE = `liftoff_probe_${suffix}`;

const as = (url: string, user: string) => {
  const u = new URL(url);
  u.username = user;
  u.password = '';
  return u.toString();
};

async function onAdmin(url: string, statements: string[]) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    for (const s of statements) await c.query(s);
  } finally {
    await c.end();
  }
}

/** The database as an attacker who took over the app process (or a probe's login) would see it. */
describe('database roles', () => {
  let owner: Database & { url: string };

  beforeAll(async () => {
    owner = await freshPostgres();
    await onAdmin(ADMIN_URL, [`CREATE ROLE ${APP_ROLE} LOGIN`, `CREATE ROLE ${PROBE_ROLE} LOGIN`]);
  });
  afterAll(async () => {
    await closeProbeClients();
    await owner.close();
    await onAdmin(ADMIN_URL, [`DROP ROLE IF EXISTS ${APP_ROLE}`, `DROP ROLE IF EXISTS ${PROBE_ROLE}`]);
  });

  it('liftoff migrate --app-role leaves the app unable to alter or rewrite its audit trail', async () => {
    const run = spawnSync(
      process.execPath,
      [path.join(ROOT, 'bin/liftoff.mjs'), 'migrate', '--app-role', APP_ROLE],
      {
        cwd: os.tmpdir(),
        env: { ...process.env, DATABASE_URL: owner.url, REDIS_URL: '' },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(run.stderr.split('\n').filter((l) => l && !l.startsWith('npm warn'))).toEqual([]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`role ${APP_ROLE} may read and write rows`);

    // The app starts as that role: nothing to migrate, so no DDL is attempted.
    const app = await openPostgres(as(owner.url, APP_ROLE));
    try {
      await app.migrate();
      // Everything the app does still works: users, templates, runs and their audit events.
      const who = await people(app.db);
      const template = await releaseTemplate(app.db);
      const { run } = await createRun(app.db, as_(who.eng), {
        templateId: template.id,
        title: 'as the app role',
      });
      expect((await listAudit(app.db, run.id)).length).toBeGreaterThan(0);
      for (const attack of [
        sql`ALTER TABLE audit_events DISABLE TRIGGER ALL`,
        sql`DROP TRIGGER audit_events_no_update_delete ON audit_events`,
        sql`UPDATE audit_events SET action = 'forged'`,
        sql`DELETE FROM audit_events`,
        sql`TRUNCATE audit_events`,
      ]) {
        await expect(app.db.execute(attack)).rejects.toMatchObject({ cause: { code: '42501' } });
      }
    } finally {
      await app.close();
    }
  });

  it('refuses to make the owner (or a superuser) the app role', () => {
    const run = spawnSync(
      process.execPath,
      [path.join(ROOT, 'bin/liftoff.mjs'), 'migrate', '--app-role', 'postgres'],
      {
        cwd: os.tmpdir(),
        env: { ...process.env, DATABASE_URL: owner.url, REDIS_URL: '' },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('the app role must be a different, ordinary role');
  });

  it('warns an admin when a probe logs in as a superuser, and not for a least-privilege role', async () => {
    const db = new URL(owner.url).pathname.slice(1);
    await onAdmin(owner.url, [
      `GRANT pg_monitor TO ${PROBE_ROLE}`,
      `GRANT CONNECT ON DATABASE ${db} TO ${PROBE_ROLE}`,
      `GRANT USAGE ON SCHEMA public TO ${PROBE_ROLE}`,
      `GRANT SELECT ON templates TO ${PROBE_ROLE}`,
    ]);
    const target = (name: string, url: string): PostgresTarget => ({
      kind: 'postgres',
      key: `postgres:${name}`,
      name,
      environment: 'prod',
      url,
      intervalMs: 10_000,
      timeoutMs: 2_000,
    });
    const config: TargetsConfig = {
      source: { type: 'default' },
      environments: {
        prod: {
          name: 'prod',
          thresholds: {} as never,
          targets: {
            'postgres:root': target('root', owner.url),
            'postgres:least': target('least', as(owner.url, PROBE_ROLE)),
          },
        },
      },
    };
    const reports = await probeRoleWarnings(config);
    const root = reports.find((r) => r.target === 'postgres:root');
    const least = reports.find((r) => r.target === 'postgres:least');
    expect(root?.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/is a superuser/)]));
    expect(least).toMatchObject({ role: PROBE_ROLE, warnings: [], readableTables: 1 });
  });
});
