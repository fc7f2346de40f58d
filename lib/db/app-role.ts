import { sql } from 'drizzle-orm';
import { LiftoffError } from '@/lib/core/errors';
import { type Db, rowsOf } from './client';

/**
 * Least privilege for the running app on PostgreSQL: migrations run as the owner of the tables
 * (`liftoff migrate`), the app connects as another role that may read and write rows but
 * cannot ALTER a table or disable a trigger, and may only INSERT and SELECT the audit trail.
 * So not even Liftoff itself can rewrite its history.
 */

const ROLE_RE = /^[a-z_][a-z0-9_]{0,62}$/;
const AUDIT_TABLE = 'audit_events';

/** Grants `role` what the app needs and nothing more; run after every migration (new tables). */
export async function grantAppRole(db: Db, role: string): Promise<void> {
  if (!ROLE_RE.test(role)) {
    throw new LiftoffError(
      'validation_failed',
      `--app-role: "${role}" is not a plain role name (a-z, 0-9, _).`,
    );
  }
  const [facts] = rowsOf<{ exists: boolean; superuser: boolean; owner: boolean }>(
    await db.execute(sql`SELECT
      EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ${role}) AS exists,
      COALESCE((SELECT rolsuper FROM pg_roles WHERE rolname = ${role}), false) AS superuser,
      EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ${role})
        AND pg_has_role(${role}, (SELECT relowner FROM pg_class WHERE oid = ${AUDIT_TABLE}::regclass), 'MEMBER') AS owner`),
  );
  if (!facts?.exists)
    throw new LiftoffError('not_found', `--app-role: role "${role}" does not exist; create it first.`);
  if (facts.superuser || facts.owner) {
    throw new LiftoffError(
      'conflict',
      `--app-role: "${role}" owns the tables (or is a superuser); the app role must be a different, ordinary role.`,
    );
  }
  const r = sql.identifier(role);
  for (const statement of [
    sql`GRANT USAGE ON SCHEMA public, drizzle TO ${r}`,
    sql`GRANT SELECT ON ALL TABLES IN SCHEMA drizzle TO ${r}`,
    sql`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${r}`,
    sql`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${r}`,
    sql`REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON ${sql.identifier(AUDIT_TABLE)} FROM ${r}`,
  ]) {
    await db.execute(statement);
  }
}
