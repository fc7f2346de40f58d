/**
 * SQL for `postgres:<t> query "..."` and for suggestions from `psql -c`. The screen parses the
 * statement with PostgreSQL's own parser (libpg-query, compiled to WASM) and walks its tree
 * against an allowlist, so quoting, dollar quotes or comments cannot hide anything from it.
 * The probe adds the guarantees (READ ONLY transaction, statement timeout, rollback). The
 * lexer below only compacts and splits statements for suggestions; it decides nothing.
 */
import { loadModule, parseSync } from 'libpg-query';

type Piece = { kind: 'code' | 'literal' | 'space'; text: string };

const DOLLAR_TAG_RE = /\$([A-Za-z_][A-Za-z0-9_]*)?\$/y;

/** Splits SQL into code, literals (strings, quoted identifiers) and whitespace/comments. */
function lex(sql: string): Piece[] | { error: string } {
  const pieces: Piece[] = [];
  let i = 0;
  let code = '';
  const flush = () => {
    if (code) pieces.push({ kind: 'code', text: code });
    code = '';
  };
  while (i < sql.length) {
    const ch = sql[i] as string;
    const next = sql[i + 1];
    if (/\s/.test(ch)) {
      flush();
      let j = i;
      while (j < sql.length && /\s/.test(sql[j] as string)) j++;
      pieces.push({ kind: 'space', text: sql.slice(i, j) });
      i = j;
    } else if (ch === '-' && next === '-') {
      flush();
      const nl = sql.indexOf('\n', i);
      pieces.push({ kind: 'space', text: ' ' });
      i = nl === -1 ? sql.length : nl;
    } else if (ch === '/' && next === '*') {
      flush();
      const close = sql.indexOf('*/', i + 2);
      if (close === -1) return { error: 'unterminated /* comment' };
      pieces.push({ kind: 'space', text: ' ' });
      i = close + 2;
    } else if (ch === "'" || ch === '"') {
      // E'..' strings take backslash escapes; others double the quote to escape it.
      const backslash = ch === "'" && /[eE]/.test(sql[i - 1] ?? '') && !/\w/.test(sql[i - 2] ?? '');
      let j = i + 1;
      for (;;) {
        if (j >= sql.length) return { error: `unterminated ${ch === '"' ? 'quoted identifier' : 'string'}` };
        const c = sql[j];
        if (backslash && c === '\\') j += 2;
        else if (c === ch && sql[j + 1] === ch) j += 2;
        else if (c === ch) break;
        else j++;
      }
      flush();
      pieces.push({ kind: 'literal', text: sql.slice(i, j + 1) });
      i = j + 1;
    } else if (ch === '$') {
      DOLLAR_TAG_RE.lastIndex = i;
      const tag = DOLLAR_TAG_RE.exec(sql);
      if (tag && !/\w/.test(sql[i - 1] ?? '')) {
        const close = sql.indexOf(tag[0], i + tag[0].length);
        if (close === -1) return { error: 'unterminated dollar-quoted string' };
        flush();
        pieces.push({ kind: 'literal', text: sql.slice(i, close + tag[0].length) });
        i = close + tag[0].length;
      } else {
        code += ch;
        i++;
      }
    } else {
      code += ch;
      i++;
    }
  }
  flush();
  return pieces;
}

/**
 * Functions a check may call: aggregates, math, string, date/time, JSON and arrays, sizes and
 * statistics readers. Never file, backend-signalling, configuration, lock, notify, sleep,
 * large-object, dblink or SQL-as-text functions: anything not listed is refused.
 */
const ALLOWED_FUNCTIONS = new Set(
  `count sum avg min max bool_and bool_or every array_agg string_agg json_agg jsonb_agg
  json_object_agg jsonb_object_agg percentile_cont percentile_disc mode stddev stddev_pop
  stddev_samp variance var_pop var_samp corr covar_pop covar_samp regr_count regr_avgx regr_avgy
  abs ceil ceiling floor round trunc sqrt cbrt power pow exp ln log log10 mod sign div pi degrees
  radians width_bucket random greatest least scale
  length char_length character_length octet_length bit_length lower upper initcap trim btrim
  ltrim rtrim substr substring left right position strpos replace concat concat_ws format lpad
  rpad repeat reverse split_part starts_with md5 regexp_match regexp_matches regexp_replace
  regexp_like regexp_count regexp_split_to_array string_to_array array_to_string to_char
  to_number to_hex quote_ident quote_literal translate ascii chr overlay normalize
  now current_date current_time current_timestamp localtime localtimestamp clock_timestamp
  statement_timestamp transaction_timestamp date_trunc date_part date_bin extract age
  to_timestamp to_date make_date make_time make_timestamp make_timestamptz make_interval
  justify_days justify_hours justify_interval isfinite timezone
  to_json to_jsonb row_to_json array_to_json json_build_object jsonb_build_object
  json_build_array jsonb_build_array json_object jsonb_object json_extract_path
  json_extract_path_text jsonb_extract_path jsonb_extract_path_text json_array_length
  jsonb_array_length json_typeof jsonb_typeof json_object_keys jsonb_object_keys json_each
  jsonb_each json_each_text jsonb_each_text json_array_elements jsonb_array_elements
  json_array_elements_text jsonb_array_elements_text jsonb_pretty jsonb_path_query
  jsonb_path_query_array jsonb_path_query_first jsonb_path_exists jsonb_path_match jsonb_strip_nulls
  array_length array_lower array_upper cardinality unnest array_position array_positions
  array_remove array_cat array_append array_prepend
  coalesce nullif version current_database current_schema current_user session_user
  pg_database_size pg_relation_size pg_total_relation_size pg_table_size pg_indexes_size
  pg_size_pretty pg_size_bytes pg_postmaster_start_time pg_is_in_recovery pg_current_wal_lsn
  pg_last_wal_receive_lsn pg_last_wal_replay_lsn pg_wal_lsn_diff pg_last_xact_replay_timestamp
  pg_backend_pid to_regclass to_regtype to_regnamespace format_type pg_table_is_visible
  pg_get_userbyid obj_description col_description generate_series`.split(/\s+/),
);

/** Statement types a check may be; anything else (and any other *Stmt inside) is refused. */
const READ_STATEMENTS = new Set(['SelectStmt', 'VariableShowStmt', 'ExplainStmt']);
const SAMPLING_METHODS = new Set(['bernoulli', 'system']);

export type SqlVerdict = { ok: true } | { ok: false; reason: string };

type AstNode = Record<string, unknown>;
const refuse = (reason: string): SqlVerdict => ({ ok: false, reason });

const names = (list: unknown): string[] =>
  Array.isArray(list)
    ? list.map((n) => String((n as { String?: { sval?: string } }).String?.sval ?? '')).filter(Boolean)
    : [];

function checkFunction(call: AstNode): SqlVerdict | null {
  const parts = names(call.funcname);
  const name = parts.at(-1)?.toLowerCase() ?? '';
  const schema = parts.length > 1 ? parts[0]!.toLowerCase() : 'pg_catalog';
  if (schema !== 'pg_catalog' || parts.length > 2 || !ALLOWED_FUNCTIONS.has(name)) {
    return refuse(`${parts.join('.') || 'this function'}() is not allowed in a check`);
  }
  return null;
}

/** Rules for one node of the tree by its type; null when the node is fine. */
function checkNode(type: string, node: AstNode): SqlVerdict | null {
  if (type.endsWith('Stmt') && !READ_STATEMENTS.has(type)) {
    return refuse(`${type.replace(/Stmt$/, '').toUpperCase()} is not allowed in a read-only query`);
  }
  switch (type) {
    case 'FuncCall':
      return checkFunction(node);
    case 'SelectStmt':
      if (node.intoClause) return refuse('SELECT INTO is not allowed');
      if (node.lockingClause) return refuse('row locks (FOR UPDATE / FOR SHARE) are not allowed');
      return null;
    case 'ExplainStmt': {
      const options = Array.isArray(node.options) ? node.options : [];
      const analyze = options.some(
        (o) => String((o as { DefElem?: { defname?: string } }).DefElem?.defname).toLowerCase() === 'analyze',
      );
      return analyze ? refuse('EXPLAIN ANALYZE runs the query; use EXPLAIN without ANALYZE') : null;
    }
    case 'RangeTableSample': {
      const method = names(node.method).at(-1)?.toLowerCase() ?? '';
      return SAMPLING_METHODS.has(method) ? null : refuse(`TABLESAMPLE ${method} is not allowed`);
    }
    default:
      return null;
  }
}

/** Walks the whole tree without recursion (a deeply nested query cannot exhaust the stack). */
function walk(root: unknown): SqlVerdict {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (Array.isArray(value)) {
      for (const v of value) stack.push(v);
      continue;
    }
    if (!value || typeof value !== 'object') continue;
    for (const [key, child] of Object.entries(value as AstNode)) {
      if (/^[A-Z]/.test(key) && child && typeof child === 'object' && !Array.isArray(child)) {
        const verdict = checkNode(key, child as AstNode);
        if (verdict) return verdict;
      }
      if (child && typeof child === 'object') stack.push(child);
    }
  }
  return { ok: true };
}

let ready = false;
const loading = loadModule().then(() => {
  ready = true;
});

/** Resolves once PostgreSQL's parser is loaded; servers and the CLI await it at start-up. */
export function sqlScreenReady(): Promise<void> {
  return loading;
}

/** Accepts one SELECT / WITH / SHOW / EXPLAIN (no ANALYZE) / VALUES / TABLE statement that only reads. */
export function checkReadOnlySql(sql: string): SqlVerdict {
  if (sql.trim() === '') return refuse('the query is empty');
  if (!ready) return refuse('the SQL parser is still loading; try again in a moment');
  let stmts: { stmt?: unknown }[];
  try {
    stmts = parseSync(sql).stmts ?? [];
  } catch (err) {
    return refuse(`not valid SQL: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (stmts.length === 0) return refuse('the query is empty');
  if (stmts.length > 1) return refuse('only one statement is allowed');
  const stmt = (stmts[0]?.stmt ?? {}) as AstNode;
  const type = Object.keys(stmt)[0] ?? '';
  if (!READ_STATEMENTS.has(type)) {
    const what = type.replace(/Stmt$/, '').toUpperCase() || 'this';
    return refuse(
      `only read statements (SELECT, WITH, SHOW, EXPLAIN, VALUES, TABLE) are allowed, not ${what}`,
    );
  }
  return walk(stmt);
}

export function isReadOnlySql(sql: string): boolean {
  return checkReadOnlySql(sql).ok;
}

/** One line: comments dropped, whitespace collapsed outside literals, trailing `;` removed. */
export function compactSql(sql: string): string {
  const pieces = lex(sql);
  if (!Array.isArray(pieces)) return sql.trim();
  let out = '';
  for (const p of pieces) {
    // Code pieces never hold whitespace and literals end with a quote, so this only merges gaps.
    if (p.kind !== 'space') out += p.text;
    else if (!out.endsWith(' ')) out += ' ';
  }
  return out.trim().replace(/\s*;+$/, '');
}

/** Statements of a script, split at `;` outside literals and comments (each compacted). */
export function splitSqlStatements(sql: string): string[] {
  const pieces = lex(sql);
  if (!Array.isArray(pieces)) return [];
  const statements: string[] = [];
  let current = '';
  for (const p of pieces) {
    if (p.kind !== 'code' || !p.text.includes(';')) {
      current += p.kind === 'space' ? ' ' : p.text;
      continue;
    }
    const parts = p.text.split(';');
    parts.forEach((part, n) => {
      current += part;
      if (n < parts.length - 1) {
        statements.push(current);
        current = '';
      }
    });
  }
  statements.push(current);
  return statements.map(compactSql).filter((s) => s !== '');
}
