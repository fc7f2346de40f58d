import 'server-only';
import { probeSecrets } from '@/lib/config/secrets';
import type { PostgresTarget, TargetsConfig } from '@/lib/config/targets';
import { cachedClient } from './clients';
import { describeError, scrub, withDeadline } from './outcome';
import { urlSession } from './postgres-session';

/**
 * What the role a PostgreSQL target's probes log in as may do beyond reading what checks ask.
 * A probe needs `pg_monitor` and SELECT on the tables its checks name; a superuser, a table
 * owner or a member of the read-all/server-file roles can read (or change) far more.
 */

const ROLE_SQL = `SELECT r.rolsuper AS superuser, r.rolbypassrls AS bypassrls,
  r.rolcreaterole AS createrole, r.rolcreatedb AS createdb,
  ARRAY(SELECT b.rolname::text FROM pg_roles b
        WHERE b.rolname IN ('pg_read_all_data', 'pg_write_all_data', 'pg_read_server_files',
                            'pg_write_server_files', 'pg_execute_server_program')
          AND pg_has_role(r.oid, b.oid, 'MEMBER') ORDER BY 1) AS broad_roles,
  (SELECT count(*)::int FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'v', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND n.nspname NOT LIKE 'pg\\_toast%' AND pg_has_role(r.oid, c.relowner, 'MEMBER')) AS owned,
  (SELECT count(*)::int FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND has_table_privilege(r.oid, c.oid, 'INSERT, UPDATE, DELETE, TRUNCATE')) AS writable,
  (SELECT count(*)::int FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'v', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND has_table_privilege(r.oid, c.oid, 'SELECT')) AS readable,
  r.rolname::text AS role
FROM pg_roles r WHERE r.rolname = current_user`;

const ROLE_CHECK_MAX_MS = 3_000;

interface RoleFacts {
  superuser: boolean;
  bypassrls: boolean;
  createrole: boolean;
  createdb: boolean;
  broad_roles: string[];
  owned: number;
  writable: number;
  readable: number;
  role: string;
}

export interface ProbeRoleReport {
  environment: string;
  target: string;
  /** The role probes log in as; null when it could not be read. */
  role: string | null;
  /** Tables and views the role may SELECT (outside the system catalogs). */
  readableTables: number | null;
  warnings: string[];
}

/** The warnings for one role's facts; pure, so each rule is easy to test. */
export function roleWarnings(f: RoleFacts): string[] {
  const out: string[] = [];
  if (f.superuser) out.push('is a superuser: checks could read every table and files on the server');
  for (const r of f.broad_roles) out.push(`is a member of ${r}`);
  if (f.bypassrls) out.push('bypasses row-level security');
  if (f.createrole || f.createdb) out.push('may create roles or databases');
  if (f.owned > 0)
    out.push(`owns ${f.owned} table${f.owned === 1 ? '' : 's'} or view${f.owned === 1 ? '' : 's'}`);
  if (f.writable > 0) out.push(`may write to ${f.writable} table${f.writable === 1 ? '' : 's'}`);
  return out;
}

async function inspect(target: PostgresTarget & { url: string }) {
  const url = target.url;
  const session = cachedClient(
    `postgres:${target.environment}/${target.key}`,
    `${url}|${target.timeoutMs}`,
    () => {
      const s = urlSession(url, target.timeoutMs);
      return { value: s, close: () => s.close() };
    },
  );
  const base = { environment: target.environment, target: target.key };
  try {
    // The admin page waits for this: never longer than a few seconds, whatever the target's timeout.
    const ms = Math.min(target.timeoutMs, ROLE_CHECK_MAX_MS);
    const facts = await withDeadline(ms, undefined, () =>
      session.readOnly(ms, async (q) => (await q(ROLE_SQL)).rows[0] as unknown as RoleFacts),
    );
    return { ...base, role: facts.role, readableTables: facts.readable, warnings: roleWarnings(facts) };
  } catch (err) {
    const why = scrub(describeError(err), probeSecrets(target));
    return {
      ...base,
      role: null,
      readableTables: null,
      warnings: [`could not read the probe role (${why})`],
    };
  }
}

/** One report per configured PostgreSQL target with its own URL (the `self` store is not probed with free SQL). */
export async function probeRoleWarnings(config: TargetsConfig): Promise<ProbeRoleReport[]> {
  const targets = Object.values(config.environments).flatMap((e) =>
    Object.values(e.targets).filter(
      (t): t is PostgresTarget & { url: string } =>
        t.kind === 'postgres' && t.url !== null && t.name !== 'self',
    ),
  );
  return Promise.all(targets.map(inspect));
}
