/**
 * What the checklist says a command should produce: "returns `512mb`", "# Expected: PONG",
 * an expected JSON block after a curl, "Redis memory <512MB". Only unambiguous forms count;
 * prose like "Expected: List of API versions" yields nothing.
 */
import type { CompareOp, Condition, PathSegment } from './ast';

export interface Comparison {
  op: CompareOp;
  amount: number;
  /** Lowercased unit as written: `mb`, `%`, `ms`, or empty. */
  unit: string;
}

export interface Expectations {
  /** A single expected output token. */
  literal?: string;
  /** An expected multi-line output (e.g. `maxmemory` then `536870912`). */
  lines?: string[];
  /** Expected JSON body. */
  json?: unknown;
  /** Comparisons written in the prose around the command. */
  comparisons: Comparison[];
  /** Prose and comments around the command, for keyword heuristics. */
  context: string;
}

const PHRASE = String.raw`(?:returns?|should\s+(?:return|be|print|show)|expected(?:\s+(?:output|result|value|response))?|expect|equals?|prints|outputs?|→|->|=>)`;
const PHRASE_ALONE_RE = new RegExp(`(?:^|\\s)${PHRASE}\\s*:?\\s*$`, 'i');
const PHRASE_WORD_RE = new RegExp(`^\\s*:?\\s*${PHRASE}\\s*:?\\s+([^\\s\`,;()]+)`, 'i');
const COMMENT_RE = new RegExp(`^${PHRASE}\\s*:?\\s*(.+)$`, 'i');
const PROSE_RE = new RegExp(`(?:^|\\s)${PHRASE}\\s*:?\\s+(\`[^\`]+\`|"[^"]+"|[^\\s\`,;()]+)`, 'i');
/** Bare words after "returns" in prose are often just prose ("returns data"): keep values only. */
const PLAIN_TOKEN_RE = /^(-?\d+(\.\d+)?[a-z%]*|yes|no|on|off|true|false|ok|pong|empty|none)$/i;

function unquote(text: string): string {
  const t = text.trim().replace(/[.,;]$/, '');
  const m = /^(["'`])(.*)\1$/.exec(t);
  return m ? (m[2] as string) : t;
}

function tryJson(text: string): unknown {
  const t = text.trim();
  if (!/^[[{]/.test(t)) return undefined;
  try {
    return JSON.parse(t);
  } catch {
    return undefined;
  }
}

/** `Expected: PONG` / `Should return 1` in a comment; JSON or a single token only. */
export function fromComment(comment: string): Partial<Expectations> {
  const m = COMMENT_RE.exec(comment.trim());
  if (!m) return {};
  const rest = (m[1] as string).trim();
  const json = tryJson(rest);
  if (json !== undefined) return { json };
  const literal = unquote(rest);
  return literal !== '' && !/\s/.test(literal) && !/^[[{]/.test(literal) ? { literal } : {};
}

/**
 * The text between an inline command and what follows it: "… `cmd` returns `512mb`" (the
 * next code span is the value) or "… `cmd` returns 200" (a bare token).
 */
export function fromTextAfter(between: string, nextSpan: string | undefined): Partial<Expectations> {
  if (nextSpan !== undefined && PHRASE_ALONE_RE.test(between)) {
    const json = tryJson(nextSpan);
    return json !== undefined ? { json } : { literal: unquote(nextSpan) };
  }
  const m = PHRASE_WORD_RE.exec(between);
  if (!m) return {};
  const literal = unquote(m[1] as string);
  return PLAIN_TOKEN_RE.test(literal) ? { literal } : {};
}

/** Anywhere in prose: "returns `yes`", "should return 1" (quoted values or plain tokens only). */
export function fromProse(text: string): Partial<Expectations> {
  const m = PROSE_RE.exec(text);
  if (!m) return {};
  const token = m[1] as string;
  if (/^[`"']/.test(token)) {
    const value = unquote(token);
    const json = tryJson(value);
    return json !== undefined ? { json } : { literal: value };
  }
  const literal = unquote(token);
  return PLAIN_TOKEN_RE.test(literal) ? { literal } : {};
}

/** An output block after a command: JSON, or one or two short lines. */
export function fromOutputBlock(value: string): Partial<Expectations> {
  const json = tryJson(value);
  if (json !== undefined) return { json };
  const lines = value
    .split('\n')
    .map((l) => unquote(l.replace(/^\d+\)\s*/, '')))
    .filter((l) => l !== '');
  if (lines.length === 1 && !/\s/.test(lines[0] as string)) return { literal: lines[0] };
  if (lines.length === 2) return { lines };
  return {};
}

const COMPARISON_RE =
  /(<=|>=|≤|≥|<|>|\b(?:above|over|more than|greater than|at least|below|under|less than|at most))\s*(\d+(?:\.\d+)?)\s*(%|[kmgt]i?b\b|b\b|ms\b|s\b)?/gi;

const WORD_OPS: Record<string, CompareOp> = {
  '≤': '<=',
  '≥': '>=',
  above: '>',
  over: '>',
  'more than': '>',
  'greater than': '>',
  'at least': '>=',
  below: '<',
  under: '<',
  'less than': '<',
  'at most': '<=',
};

/** "<512MB", "≥ 90%", "above 85%": comparisons a recogniser may turn into a condition. */
export function comparisonsIn(text: string): Comparison[] {
  const out: Comparison[] = [];
  for (const m of text.matchAll(COMPARISON_RE)) {
    const raw = (m[1] as string).toLowerCase();
    const op = WORD_OPS[raw] ?? (raw as CompareOp);
    out.push({ op, amount: Number(m[2]), unit: (m[3] ?? '').toLowerCase() });
  }
  return out;
}

/** Later sources only fill what earlier ones left open. */
export function mergeExpectations(...parts: Partial<Expectations>[]): Expectations {
  const out: Expectations = { comparisons: [], context: '' };
  for (const p of parts) {
    if (out.literal === undefined && out.json === undefined && out.lines === undefined) {
      if (p.literal !== undefined) out.literal = p.literal;
      else if (p.json !== undefined) out.json = p.json;
      else if (p.lines !== undefined) out.lines = p.lines;
    }
    if (p.comparisons) out.comparisons.push(...p.comparisons);
    if (p.context) out.context = `${out.context} ${p.context}`.trim();
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Expected JSON → `[BODY]` conditions

const MAX_BODY_CONDITIONS = 6;
const STATUS_KEY_RE = /status|state|health/i;
const GOOD_VALUES = new Set(
  'ok healthy up pass passed green ready connected running available success succeeded enabled alive online active serving'.split(
    ' ',
  ),
);
/** Example values in docs ("7.x.x", "2025-11-22T...", "<token>") are not expectations. */
const EXAMPLE_RE = /\.\.\.|…|\bx\.x\b|<[^>]*>|\bT\.\.\./i;

/**
 * Status-like leaves of an expected body: booleans, and strings under a status/state/health
 * key or with a healthy-sounding value. Counters and timestamps in examples are skipped.
 */
export function bodyConditions(json: unknown): Condition[] {
  const out: Condition[] = [];
  const visit = (value: unknown, path: PathSegment[]) => {
    if (out.length >= MAX_BODY_CONDITIONS || path.length > 6) return;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [key, child] of Object.entries(value)) visit(child, [...path, key]);
      return;
    }
    const key = String(path[path.length - 1] ?? '');
    let expected: string | undefined;
    if (typeof value === 'boolean') expected = String(value);
    else if (typeof value === 'string' && value.length <= 40 && !EXAMPLE_RE.test(value)) {
      if (STATUS_KEY_RE.test(key) || GOOD_VALUES.has(value.toLowerCase())) expected = value;
    }
    if (expected !== undefined && path.length > 0) {
      out.push({ subject: { type: 'body', path }, op: '==', value: { type: 'string', value: expected } });
    }
  };
  visit(json, []);
  return out;
}
