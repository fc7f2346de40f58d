/** `psql -c "SELECT ..."`, `pg_isready` and bare SELECTs → postgres checks. Never a write. */
import type { Check, Condition, PostgresProbe } from './ast';
import { type Candidate, hostOfUrl, optionValue, readOptions, targetName } from './commands';
import type { Expectations } from './expectations';
import { checkReadOnlySql, compactSql } from './sql';
import { classifyWord } from './values';

const PSQL_VALUE = new Set([
  '-h',
  '--host',
  '-p',
  '--port',
  '-U',
  '--username',
  '-d',
  '--dbname',
  '-c',
  '--command',
  '-f',
  '--file',
  '-v',
  '--set',
  '--variable',
  '-P',
  '--pset',
  '-o',
  '--output',
  '-L',
  '--log-file',
  '-F',
  '--field-separator',
  '-R',
  '--record-separator',
  '-T',
  '--table-attr',
]);
const PG_ISREADY_VALUE = new Set([
  '-h',
  '--host',
  '-p',
  '--port',
  '-U',
  '--username',
  '-d',
  '--dbname',
  '-t',
  '--timeout',
]);

const EXTENSION_QUERY_RE = /^select\b.*\bfrom\s+pg_extension\s+where\s+extname\s*=\s*'([A-Za-z0-9_-]+)'$/i;
const COUNT_QUERY_RE = /^select\s+count\s*\(\s*(\*|1)\s*\)\s+from\b/i;

/** A read statement → the most specific probe: `SELECT 1` is a ping, `version()` a version. */
export function sqlProbe(
  sql: string,
  expect: Expectations,
): { probe: PostgresProbe; conditions: Condition[] } | null {
  const statement = compactSql(sql);
  if (statement === '' || statement.startsWith('\\') || !checkReadOnlySql(statement).ok) return null;
  if (/^select\s+1$/i.test(statement)) return { probe: { kind: 'postgres', op: 'ping' }, conditions: [] };
  if (/^select\s+version\s*\(\s*\)$/i.test(statement))
    return { probe: { kind: 'postgres', op: 'version' }, conditions: [] };
  const extension = EXTENSION_QUERY_RE.exec(statement);
  if (extension) {
    return {
      probe: { kind: 'postgres', op: 'extension', extension: extension[1] as string },
      conditions: [{ subject: { type: 'value' }, op: 'installed' }],
    };
  }
  const literal = expect.literal ?? expect.lines?.[expect.lines.length - 1];
  const conditions: Condition[] =
    literal !== undefined && !/\s/.test(literal)
      ? [{ subject: { type: 'value' }, op: '==', value: classifyWord(literal) }]
      : COUNT_QUERY_RE.test(statement)
        ? [{ subject: { type: 'value' }, op: '>', value: { type: 'number', value: 0 } }]
        : [];
  return { probe: { kind: 'postgres', op: 'query', sql: statement }, conditions };
}

export function psqlChecks(c: Candidate): Check[] {
  const opts = readOptions(c.argv.slice(1), PSQL_VALUE);
  // A script file or stdin could hold anything.
  if (opts.options.some((o) => o.name === '-f' || o.name === '--file')) return [];
  const uri = [optionValue(opts, '-d', '--dbname'), ...opts.positional].find(
    (w) => w && /^postgres(ql)?:\/\//i.test(w.value),
  );
  const host = optionValue(opts, '-h', '--host') ?? (uri && !uri.dynamic ? hostOfUrl(uri.value) : undefined);
  const name = targetName(host, c.container, 'main');
  const checks: Check[] = [];
  for (const option of opts.options) {
    if ((option.name !== '-c' && option.name !== '--command') || !option.value || option.value.dynamic)
      continue;
    const found = sqlProbe(option.value.value, c.expect);
    if (found) checks.push({ target: { kind: 'postgres', name }, ...found });
  }
  return checks;
}

export function pgIsReadyChecks(c: Candidate): Check[] {
  const opts = readOptions(c.argv.slice(1), PG_ISREADY_VALUE);
  const name = targetName(optionValue(opts, '-h', '--host'), c.container, 'main');
  return [{ target: { kind: 'postgres', name }, probe: { kind: 'postgres', op: 'ping' }, conditions: [] }];
}
