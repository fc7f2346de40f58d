/**
 * Read-only SQL screening for `postgres:<t> query "..."` and for suggestions from `psql -c`.
 * This is a first line of defence with clear errors when a template is saved; the probe is
 * the real guarantee (READ ONLY transaction, statement timeout).
 */

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

const READ_STARTS = new Set(['select', 'with', 'show', 'explain', 'values', 'table']);

const WRITE_WORDS = new Set([
  'insert',
  'update',
  'delete',
  'merge',
  'upsert',
  'drop',
  'alter',
  'create',
  'truncate',
  'grant',
  'revoke',
  'copy',
  'vacuum',
  'reindex',
  'cluster',
  'lock',
  'call',
  'do',
  'comment',
  'refresh',
  'listen',
  'notify',
  'unlisten',
  'prepare',
  'execute',
  'deallocate',
  'discard',
  'reset',
  'into',
  'import',
  'checkpoint',
  'load',
  'security',
]);

/** Functions with side effects, that read server files, or that run SQL given as text. */
const UNSAFE_FUNCTION_RE =
  /^(pg_terminate_backend|pg_cancel_backend|pg_reload_conf|pg_rotate_logfile|pg_switch_wal|pg_promote|pg_(start|stop)_backup|pg_backup_(start|stop)|pg_create_\w+|pg_drop_\w+|set_config|nextval|setval|lo_\w+|pg_read_\w*file|pg_ls_\w+|pg_stat_file|pg_file_\w+|dblink\w*|pg_(try_)?advisory\w*|pg_logical_\w+|pg_replication_\w+|pg_sleep\w*|query_to_xml\w*|pg_notify|pg_stat_reset\w*|pg_stat_statements_reset)$/;

export type SqlVerdict = { ok: true } | { ok: false; reason: string };

/** Accepts one SELECT / WITH / SHOW / EXPLAIN / VALUES / TABLE statement without writes. */
export function checkReadOnlySql(sql: string): SqlVerdict {
  const pieces = lex(sql);
  if (!Array.isArray(pieces)) return { ok: false, reason: pieces.error };
  const code = pieces.map((p) => (p.kind === 'code' ? p.text : ' ')).join('');
  const statements = code.split(';').filter((s) => s.trim() !== '');
  if (statements.length === 0) return { ok: false, reason: 'the query is empty' };
  if (statements.length > 1) return { ok: false, reason: 'only one statement is allowed' };
  const words = (code.match(/[A-Za-z_][A-Za-z0-9_$]*/g) ?? []).map((w) => w.toLowerCase());
  const first = words[0] ?? '';
  if (!READ_STARTS.has(first)) {
    return {
      ok: false,
      reason: `only read statements (SELECT, WITH, SHOW, EXPLAIN, VALUES, TABLE) are allowed, not ${first.toUpperCase() || 'this'}`,
    };
  }
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    const prev = words[i - 1];
    if (WRITE_WORDS.has(word))
      return { ok: false, reason: `${word.toUpperCase()} is not allowed in a read-only query` };
    if (word === 'analyze' && first !== 'explain') return { ok: false, reason: 'ANALYZE is not allowed' };
    if (word === 'share' && (prev === 'for' || prev === 'key'))
      return { ok: false, reason: 'row locks are not allowed' };
    if (UNSAFE_FUNCTION_RE.test(word))
      return { ok: false, reason: `${word}() is not allowed in a read-only query` };
  }
  return { ok: true };
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
