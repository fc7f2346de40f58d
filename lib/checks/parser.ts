/** `parseCheck`: check line → typed AST, or a positioned error. Never throws. */
import {
  CHECK_KINDS,
  type CheckKind,
  type CheckSyntaxError,
  HTTP_METHODS,
  type HttpMethod,
  type HttpProbe,
  type ParseResult,
  POSTGRES_PROBES,
  type PostgresProbe,
  type Probe,
  type PrometheusProbe,
  REDIS_PROBES,
  type RedisProbe,
  TARGET_NAME_RE,
  type TargetRef,
} from './ast';
import { parseConditions, parseFor } from './conditions';
import { parsePromExpr } from './prom';
import { expectedOneOf, Scanner, SyntaxFailure, type Token } from './tokenizer';

const MAX_LENGTH = 4096;
const REDIS_FIELD_RE = /^[A-Za-z0-9_]+$/;
const REDIS_PARAM_RE = /^[A-Za-z0-9_.-]+$/;
const EXTENSION_RE = /^[A-Za-z0-9_-]+$/;
const TABLE_RE = /^[A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z_][A-Za-z0-9_$]*)?$/;

function parseTarget(sc: Scanner): TargetRef {
  if (sc.atEnd()) throw sc.missing('target', 'a check starts with <kind:target>, e.g. redis:cache ping');
  const word = sc.word() as Token;
  const colon = word.text.indexOf(':');
  if (colon === -1) {
    throw new SyntaxFailure(
      `expected <kind:target> but found "${word.text}"`,
      word.start,
      word.text,
      'e.g. redis:cache',
    );
  }
  const kind = word.text.slice(0, colon).toLowerCase();
  const name = word.text.slice(colon + 1);
  if (!(CHECK_KINDS as readonly string[]).includes(kind)) {
    const token = word.text.slice(0, colon);
    throw new SyntaxFailure(`unknown kind "${token}"`, word.start, token, expectedOneOf(token, CHECK_KINDS));
  }
  if (!TARGET_NAME_RE.test(name)) {
    throw new SyntaxFailure(
      name ? `invalid target name "${name}"` : 'missing target name',
      word.start + colon + 1,
      name,
      'target names are lowercase letters, digits, "-" and "_" from the targets configuration',
    );
  }
  return { kind: kind as CheckKind, name };
}

function probeName(sc: Scanner, kind: CheckKind, names: readonly string[]): string {
  if (sc.atEnd()) throw sc.missing(`probe for ${kind}`, `expected one of ${names.join(', ')}`);
  const word = sc.word() as Token;
  const name = word.text.toLowerCase();
  if (!names.includes(name)) {
    throw new SyntaxFailure(
      `unknown probe "${word.text}" for ${kind}`,
      word.start,
      word.text,
      expectedOneOf(word.text, names),
    );
  }
  return name;
}

/** One argument: a bare word, or a quoted string when `quotable`. */
function argument(sc: Scanner, what: string, re?: RegExp, quotable = false): string {
  if (sc.atEnd()) throw sc.missing(what);
  const ch = sc.peek();
  if ((ch === '"' || ch === "'") && quotable) {
    const q = sc.quoted();
    if (q.value === '') throw new SyntaxFailure(`empty ${what}`, q.start, q.text);
    return q.value;
  }
  const word = sc.word() as Token;
  if (re && !re.test(word.text))
    throw new SyntaxFailure(`invalid ${what} "${word.text}"`, word.start, word.text);
  return word.text;
}

function parseRedis(sc: Scanner): RedisProbe {
  const op = probeName(sc, 'redis', REDIS_PROBES);
  switch (op) {
    case 'info':
      return { kind: 'redis', op, field: argument(sc, 'INFO field', REDIS_FIELD_RE) };
    case 'config':
      return { kind: 'redis', op, param: argument(sc, 'config parameter', REDIS_PARAM_RE).toLowerCase() };
    case 'scan-count':
      return { kind: 'redis', op, pattern: argument(sc, 'key pattern', undefined, true) };
    case 'hlen':
    case 'scard':
    case 'llen':
    case 'exists':
      return { kind: 'redis', op, key: argument(sc, 'key', undefined, true) };
    default:
      return { kind: 'redis', op: op as 'ping' | 'dbsize' | 'hitrate' };
  }
}

function parsePostgres(sc: Scanner): PostgresProbe {
  const op = probeName(sc, 'postgres', POSTGRES_PROBES);
  switch (op) {
    case 'extension':
      return { kind: 'postgres', op, extension: argument(sc, 'extension name', EXTENSION_RE) };
    case 'table':
      return { kind: 'postgres', op, table: argument(sc, 'table name', TABLE_RE, true) };
    case 'query': {
      if (sc.atEnd()) throw sc.missing('SQL after query', 'write it in double quotes: query "SELECT 1"');
      const ch = sc.peek();
      if (ch !== '"' && ch !== "'") {
        const word = sc.peekWord()?.text ?? '';
        throw new SyntaxFailure('the SQL must be quoted', sc.pos, word, 'write query "SELECT ..."');
      }
      // Whether the SQL only reads is the server's call (`./policy`): the parser runs in browsers too.
      const q = sc.quoted();
      if (q.value.trim() === '') throw new SyntaxFailure('empty SQL', q.start, q.text);
      return { kind: 'postgres', op, sql: q.value };
    }
    default:
      return { kind: 'postgres', op: op as 'ping' | 'version' | 'connections' | 'size' | 'cache-hit-ratio' };
  }
}

function urlNotAllowed(token: Token): SyntaxFailure {
  return new SyntaxFailure(
    `full URLs are not allowed ("${token.text}")`,
    token.start,
    token.text,
    'write only the path, e.g. GET /api/v1/health: addresses come only from the targets configuration',
  );
}

function parseHttp(sc: Scanner): HttpProbe {
  if (sc.atEnd()) throw sc.missing('HTTP method and path', 'e.g. GET /api/v1/health');
  const method = sc.word() as Token;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(method.text)) throw urlNotAllowed(method);
  if (method.text.startsWith('/')) {
    throw new SyntaxFailure(
      `expected an HTTP method before "${method.text}"`,
      method.start,
      method.text,
      'e.g. GET /api/v1/health',
    );
  }
  const upper = method.text.toUpperCase();
  if (!(HTTP_METHODS as readonly string[]).includes(upper)) {
    throw new SyntaxFailure(
      `method "${method.text}" is not allowed`,
      method.start,
      method.text,
      `checks only read: ${HTTP_METHODS.join(', ')}`,
    );
  }
  if (sc.atEnd()) throw sc.missing('path', 'e.g. /api/v1/health');
  const path = sc.word() as Token;
  if (/^[a-z][a-z0-9+.-]*:/i.test(path.text) || path.text.startsWith('//')) throw urlNotAllowed(path);
  if (!path.text.startsWith('/')) {
    throw new SyntaxFailure(`the path must start with "/" ("${path.text}")`, path.start, path.text);
  }
  // A backslash reads as "/" in URL parsing, so `/\host` could leave the configured origin.
  if (/[\\\u0000-\u001f\u007f]/.test(path.text)) {
    throw new SyntaxFailure('invalid character in the path', path.start, path.text);
  }
  return { kind: 'http', op: 'request', method: upper as HttpMethod, path: path.text };
}

function parsePrometheus(sc: Scanner): PrometheusProbe {
  if (sc.atEnd())
    throw sc.missing('expression', 'e.g. cache_hits_total / (cache_hits_total + cache_misses_total)');
  return { kind: 'prometheus', op: 'expr', expr: parsePromExpr(sc) };
}

function parseProbe(sc: Scanner, kind: CheckKind): Probe {
  switch (kind) {
    case 'redis':
      return parseRedis(sc);
    case 'postgres':
      return parsePostgres(sc);
    case 'http':
      return parseHttp(sc);
    case 'prometheus':
      return parsePrometheus(sc);
  }
}

function toError(e: unknown): CheckSyntaxError {
  if (e instanceof SyntaxFailure) return { message: e.message, position: e.position, token: e.token };
  return { message: 'the check could not be parsed', position: 0, token: '' };
}

/** Parses one check line. `# comments` are ignored. Never throws on any input. */
export function parseCheck(input: string): ParseResult {
  if (typeof input !== 'string')
    return { ok: false, error: { message: 'a check must be a string', position: 0, token: '' } };
  if (input.length > MAX_LENGTH) {
    return {
      ok: false,
      error: { message: `a check is at most ${MAX_LENGTH} characters`, position: MAX_LENGTH, token: '' },
    };
  }
  try {
    const sc = new Scanner(input);
    const target = parseTarget(sc);
    const probe = parseProbe(sc, target.kind);
    const conditions = parseConditions(sc, target.kind);
    const holdFor = parseFor(sc, conditions);
    return { ok: true, check: { target, probe, conditions, ...(holdFor ? { for: holdFor } : {}) } };
  } catch (e) {
    return { ok: false, error: toError(e) };
  }
}
