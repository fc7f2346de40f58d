/** Conditions: `[<placeholder>] <op> <value>`, `contains <text>`, `installed`/`exists`, joined by `&&`. */
import type { CompareOp, Condition, DurationLiteral, PathSegment, Subject, Value } from './ast';
import { type Scanner, SyntaxFailure } from './tokenizer';
import { classifyWord } from './values';

const PLACEHOLDER_RE = /\[([A-Za-z_]+)(?::([^\]\s]*))?\]/y;
const HEADER_NAME_RE = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const OP_RE = /==|!=|<=|>=|<|>|=/y;
const KEYWORD_RE = /(contains|installed|exists)(?![^\s"'])/iy;
const FOR_RE = /for(?=\s|$)/iy;
const KEY_SEGMENT_RE = /\.([A-Za-z_$][\w$-]*)/y;
const INDEX_SEGMENT_RE = /(?:\.(\d+)|\[(\d+)\])/y;

export const PLACEHOLDERS = ['[VALUE]', '[STATUS]', '[BODY]', '[LATENCY]', '[CERT_EXPIRY]', '[HEADER:Name]'];

/** Placeholders only some kinds' results carry; a kind lists the ones it offers (`subjects`). */
export const KIND_SUBJECTS = ['status', 'body', 'header'] as const;
export type KindSubject = (typeof KIND_SUBJECTS)[number];
const isKindSubject = (type: Subject['type']): type is KindSubject =>
  (KIND_SUBJECTS as readonly string[]).includes(type);

/** What the check's kind offers beyond `[VALUE]`, `[LATENCY]` and `[CERT_EXPIRY]`. */
export interface SubjectScope {
  subjects: readonly KindSubject[];
  /** The kinds that offer a placeholder, for `[STATUS] is only available in http checks`. */
  offeredBy(type: KindSubject): string;
}

function placeholder(name: string, arg: string | undefined, start: number, text: string): Subject {
  const upper = name.toUpperCase();
  const noArg = (subject: Subject): Subject => {
    if (arg !== undefined) throw new SyntaxFailure(`[${upper}] takes no argument`, start, text);
    return subject;
  };
  switch (upper) {
    case 'VALUE':
      return noArg({ type: 'value' });
    case 'STATUS':
      return noArg({ type: 'status' });
    case 'BODY':
      return noArg({ type: 'body', path: [] });
    case 'LATENCY':
    case 'RESPONSE_TIME':
      return noArg({ type: 'latency' });
    case 'CERT_EXPIRY':
      return noArg({ type: 'cert-expiry' });
    case 'HEADER':
      if (!arg || !HEADER_NAME_RE.test(arg)) {
        throw new SyntaxFailure(
          '[HEADER:Name] needs a header name',
          start,
          text,
          'e.g. [HEADER:Content-Type]',
        );
      }
      return { type: 'header', name: arg };
    default:
      throw new SyntaxFailure(
        `unknown placeholder "${text}"`,
        start,
        text,
        `expected one of ${PLACEHOLDERS.join(', ')}`,
      );
  }
}

function parseBodyPath(sc: Scanner): PathSegment[] {
  const path: PathSegment[] = [];
  for (;;) {
    const index = sc.match(INDEX_SEGMENT_RE);
    if (index) {
      path.push(Number(index.groups[0] ?? index.groups[1]));
      continue;
    }
    const key = sc.match(KEY_SEGMENT_RE);
    if (key) {
      path.push(key.groups[0] as string);
      continue;
    }
    if (sc.peek() === '[' && (sc.peek(1) === '"' || sc.peek(1) === "'")) {
      sc.pos++;
      path.push(sc.quoted().value);
      if (sc.peek() !== ']')
        throw new SyntaxFailure('expected "]" after the quoted key', sc.pos, sc.peek() ?? '');
      sc.pos++;
      continue;
    }
    if (sc.peek() === '.' || sc.peek() === '[') {
      throw new SyntaxFailure(
        'invalid [BODY] path',
        sc.pos,
        sc.peekWord()?.text ?? '',
        'use .key, [0] or ["odd key"]',
      );
    }
    return path;
  }
}

function parseSubject(sc: Scanner, scope: SubjectScope): Subject {
  const start = sc.pos;
  const m = sc.match(PLACEHOLDER_RE);
  if (!m) {
    const word = sc.peekWord()?.text ?? '[';
    throw new SyntaxFailure(
      `unknown placeholder "${word}"`,
      start,
      word,
      `expected one of ${PLACEHOLDERS.join(', ')}`,
    );
  }
  const subject = placeholder(m.groups[0] as string, m.groups[1], start, m.text);
  if (isKindSubject(subject.type) && !scope.subjects.includes(subject.type)) {
    throw new SyntaxFailure(
      `${m.text} is only available in ${scope.offeredBy(subject.type)} checks`,
      start,
      m.text,
    );
  }
  return subject.type === 'body' ? { type: 'body', path: parseBodyPath(sc) } : subject;
}

function parseValue(sc: Scanner, op: string): Value {
  sc.skipSpace();
  const ch = sc.peek();
  if (ch === '"' || ch === "'") return { type: 'string', value: sc.quoted().value };
  const word = sc.peekWord();
  if (!word || word.text === '&&') throw sc.missing(`value after ${op}`);
  if (word.text.startsWith('[')) {
    throw new SyntaxFailure(
      'expected a literal value',
      word.start,
      word.text,
      'placeholders go on the left of the operator',
    );
  }
  sc.pos = word.end;
  return classifyWord(word.text);
}

function parseCondition(sc: Scanner, scope: SubjectScope): Condition {
  const subject: Subject = sc.peek() === '[' ? parseSubject(sc, scope) : { type: 'value' };
  sc.skipSpace();
  const op = sc.match(OP_RE);
  if (op) {
    const compare = (op.text === '=' ? '==' : op.text) as CompareOp;
    return { subject, op: compare, value: parseValue(sc, op.text) };
  }
  const keyword = sc.match(KEYWORD_RE);
  if (keyword) {
    const name = keyword.text.toLowerCase();
    if (name !== 'contains') return { subject, op: name as 'installed' | 'exists' };
    sc.skipSpace();
    const text = sc.wordOrQuoted();
    if (!text) throw sc.missing('text after contains');
    return { subject, op: 'contains', text: text.value };
  }
  const word = sc.peekWord();
  throw new SyntaxFailure(
    word ? `unexpected "${word.text}"` : 'missing condition',
    word?.start ?? sc.pos,
    word?.text ?? '',
    'expected a condition such as == 1, < 50ms, contains ok or installed',
  );
}

/** True at a `for <duration>` clause, which ends the conditions. */
function atFor(sc: Scanner): boolean {
  const at = sc.pos;
  const found = sc.match(FOR_RE) !== null;
  sc.pos = at;
  return found;
}

/**
 * `for <duration>` after the conditions: how long they must hold. Returns undefined when the
 * check has no such clause; the caller has already parsed the conditions.
 */
export function parseFor(sc: Scanner, conditions: readonly Condition[]): DurationLiteral | undefined {
  sc.skipSpace();
  const keyword = sc.match(FOR_RE);
  if (!keyword) return undefined;
  if (conditions.length === 0)
    throw new SyntaxFailure(
      '"for" needs a condition before it',
      keyword.start,
      keyword.text,
      'e.g. > 0.05 for 2m',
    );
  sc.skipSpace();
  const word = sc.peekWord();
  if (!word) throw sc.missing('duration after for', 'e.g. for 2m, for 7d');
  const value = classifyWord(word.text);
  if (value.type !== 'duration')
    throw new SyntaxFailure(
      `expected a duration after for, found "${word.text}"`,
      word.start,
      word.text,
      'e.g. for 2m, for 7d',
    );
  sc.pos = sc.lastEnd = word.end;
  if (!sc.atEnd()) {
    const rest = sc.peekWord()?.text ?? '';
    throw new SyntaxFailure(
      `unexpected "${rest}" after the for clause`,
      sc.pos,
      rest,
      'for <duration> ends the check',
    );
  }
  return { amount: value.amount, unit: value.unit, ms: value.ms };
}

/** Parses conditions up to the end of the input or a `for` clause (comments count as the end). */
export function parseConditions(sc: Scanner, scope: SubjectScope): Condition[] {
  const conditions: Condition[] = [];
  if (sc.atEnd() || atFor(sc)) return conditions;
  for (;;) {
    conditions.push(parseCondition(sc, scope));
    sc.skipSpace();
    if (sc.atEnd() || atFor(sc)) return conditions;
    if (sc.startsWith('&&')) {
      sc.pos = sc.lastEnd = sc.pos + 2;
      if (sc.atEnd()) throw sc.missing('condition after &&');
      continue;
    }
    const word = sc.peekWord()?.text ?? '';
    if (word.startsWith('||')) throw new SyntaxFailure('only && can join conditions', sc.pos, word);
    throw new SyntaxFailure(`unexpected "${word}"`, sc.pos, word, 'join conditions with &&');
  }
}
