import { describe, expect, it } from 'vitest';
import { checkReadOnlySql, compactSql, isReadOnlySql, splitSqlStatements } from './sql';

describe('checkReadOnlySql', () => {
  it.each([
    'SELECT 1',
    'select count(*) from sessions;',
    "SELECT * FROM jobs WHERE state = 'delete' -- not a DELETE",
    'WITH t AS (SELECT 1 AS x) SELECT x FROM t',
    'SHOW server_version',
    'EXPLAIN SELECT * FROM sessions',
    'SELECT pg_catalog.count(*) FROM pg_stat_activity',
    'SELECT a$$b$ FROM t',
    "SELECT date_trunc('hour', now()), extract(epoch FROM now())",
    "SELECT extname FROM pg_extension WHERE extname = 'vector'",
    'SELECT "update" FROM t',
    'SELECT $$ drop table x $$',
    'TABLE schema_migrations',
  ])('accepts %s', (sql) => {
    expect(checkReadOnlySql(sql)).toEqual({ ok: true });
  });

  it.each([
    ['INSERT INTO t VALUES (1)', /only read statements/],
    ['DELETE FROM sessions', /not DELETE/],
    ['DROP TABLE sessions', /not DROP/],
    ['UPDATE t SET a = 1', /not UPDATE/],
    ['SELECT 1; DROP TABLE x', /one statement/],
    ['WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d', /DELETE is not allowed/],
    ['SELECT * INTO backup FROM t', /INTO is not allowed/],
    ['SELECT * FROM t FOR UPDATE', /row locks/],
    ['SELECT * FROM t FOR SHARE', /row locks/],
    ['EXPLAIN ANALYZE SELECT * FROM sessions', /EXPLAIN ANALYZE/],
    ['EXPLAIN (ANALYZE) DELETE FROM sessions', /EXPLAIN ANALYZE|DELETE/],
    ['SELECT pg_terminate_backend(123)', /pg_terminate_backend\(\) is not allowed/],
    ["SELECT set_config('x', 'y', false)", /set_config/],
    ["SELECT pg_read_file('/etc/passwd')", /pg_read_file/],
    ['ANALYZE sessions', /only read statements/],
    ["SELECT 'unterminated", /not valid SQL: unterminated quoted string/],
    // Bypasses of the hand-written screen it replaced (issue 8, item 5).
    [`SELECT "pg_read_file"('/etc/hostname')`, /pg_read_file\(\) is not allowed/],
    [`SELECT a$$b$, "pg_ls_dir"('.')`, /pg_ls_dir\(\) is not allowed/],
    [`SELECT "pg_cancel_backend"(1)`, /pg_cancel_backend/],
    [`SELECT "set_config"('x', 'y', false)`, /set_config/],
    [`SELECT "pg_advisory_lock"(1)`, /pg_advisory_lock/],
    [`SELECT pg_catalog."pg_notify"('c', 'x')`, /pg_notify/],
    [`SELECT lo_import('/etc/passwd')`, /lo_import/],
    [`SELECT * FROM dblink('host=x', 'select 1') AS t(a int)`, /dblink/],
    [`SELECT current_setting('data_directory')`, /current_setting/],
    [`SELECT public.count(*) FROM t`, /public\.count/],
    [`SELECT * FROM t TABLESAMPLE evil(10)`, /TABLESAMPLE/],
    [`SELECT (SELECT pg_sleep(10))`, /pg_sleep/],
    ['', /empty/],
  ])('rejects %s', (sql, reason) => {
    const verdict = checkReadOnlySql(sql);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.reason).toMatch(reason);
    expect(isReadOnlySql(sql)).toBe(false);
  });
});

describe('compactSql / splitSqlStatements', () => {
  it('collapses whitespace and comments outside literals', () => {
    expect(compactSql("SELECT  a,\n   b -- note\nFROM t WHERE c = 'x  y';")).toBe(
      "SELECT a, b FROM t WHERE c = 'x  y'",
    );
  });

  it('splits at semicolons outside literals', () => {
    expect(splitSqlStatements("SELECT 1;\nSELECT ';' AS s;\n\n-- done\n")).toEqual([
      'SELECT 1',
      "SELECT ';' AS s",
    ]);
  });
});
