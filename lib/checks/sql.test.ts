import { describe, expect, it } from 'vitest';
import { checkReadOnlySql, compactSql, isReadOnlySql, splitSqlStatements } from './sql';

describe('checkReadOnlySql', () => {
  it.each([
    'SELECT 1',
    'select count(*) from sessions;',
    "SELECT * FROM jobs WHERE state = 'delete' -- not a DELETE",
    'WITH t AS (SELECT 1 AS x) SELECT x FROM t',
    'SHOW server_version',
    'EXPLAIN ANALYZE SELECT * FROM sessions',
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
    ['SELECT * FROM t FOR UPDATE', /UPDATE is not allowed/],
    ['SELECT * FROM t FOR SHARE', /row locks/],
    ['SELECT pg_terminate_backend(123)', /pg_terminate_backend\(\) is not allowed/],
    ["SELECT set_config('x', 'y', false)", /set_config/],
    ["SELECT pg_read_file('/etc/passwd')", /pg_read_file/],
    ['ANALYZE sessions', /only read statements/],
    ["SELECT 'unterminated", /unterminated string/],
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
