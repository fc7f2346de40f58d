/**
 * The Prometheus part of the syntax: arithmetic over series from one scrape of a `/metrics`
 * endpoint (`cache_hits_total / (cache_hits_total + cache_misses_total)`), plus `rate(x)`
 * between two scrapes. It is not PromQL: a selector sums every matching sample of the scrape.
 */
import type { DurationUnit, LabelMatcher, PromBinaryOp, PromExpr, PromSelector } from './ast';
import { type Scanner, SyntaxFailure } from './tokenizer';
import { DURATION_FACTORS } from './units';

const MAX_DEPTH = 32;
const NAME_RE = /[a-zA-Z_:][a-zA-Z0-9_:]*/y;
const LABEL_RE = /[a-zA-Z_][a-zA-Z0-9_]*/y;
const NUMBER_RE = /-?\d+(?:\.\d+)?(?:e[+-]?\d+)?/iy;
const MATCH_OP_RE = /!=|=~|!~|=/y;
const WINDOW_RE = /\[\s*(\d+(?:\.\d+)?)(ms|s|m|h|d|w)\s*\]/y;
const FUNCTIONS = ['rate'];

const PRECEDENCE: Record<PromBinaryOp, number> = { '+': 1, '-': 1, '*': 2, '/': 2 };

/** Parses an expression at the cursor; stops before anything that is not arithmetic. */
export function parsePromExpr(sc: Scanner, depth = 0): PromExpr {
  if (depth > MAX_DEPTH) throw new SyntaxFailure('expression nested too deeply', sc.pos, sc.peek() ?? '');
  const left = parseOperand(sc, depth);
  // Precedence climbing with two levels; all operators are left-associative.
  const climb = (lhs: PromExpr, minPrec: number): PromExpr => {
    let result = lhs;
    for (;;) {
      sc.skipSpace();
      const op = sc.peek() as PromBinaryOp | undefined;
      if (op === undefined || !(op in PRECEDENCE) || PRECEDENCE[op] < minPrec) return result;
      sc.pos = sc.lastEnd = sc.pos + 1;
      let right = parseOperand(sc, depth);
      for (;;) {
        sc.skipSpace();
        const next = sc.peek() as PromBinaryOp | undefined;
        if (next === undefined || !(next in PRECEDENCE) || PRECEDENCE[next] <= PRECEDENCE[op]) break;
        right = climb(right, PRECEDENCE[next]);
      }
      result = { type: 'binary', op, left: result, right };
    }
  };
  return climb(left, 1);
}

function parseOperand(sc: Scanner, depth: number): PromExpr {
  sc.skipSpace();
  const start = sc.pos;
  if (sc.peek() === '(') {
    sc.pos++;
    const inner = parsePromExpr(sc, depth + 1);
    sc.skipSpace();
    if (sc.peek() !== ')')
      throw new SyntaxFailure('expected ")"', sc.pos, sc.peek() ?? '', `to close "(" at column ${start}`);
    sc.pos++;
    return inner;
  }
  const number = sc.match(NUMBER_RE);
  if (number) return { type: 'number', value: Number(number.text) + 0 };
  const name = sc.match(NAME_RE);
  if (!name) {
    const word = sc.peekWord()?.text ?? '';
    const hint = 'expected a metric name, a number or "("';
    if (!word) throw sc.missing('expression', hint);
    throw new SyntaxFailure(`unexpected "${word}" in expression`, sc.pos, word, hint);
  }
  if (sc.peek() === '(') {
    if (!FUNCTIONS.includes(name.text)) {
      throw new SyntaxFailure(
        `unknown function "${name.text}"`,
        name.start,
        name.text,
        `expected ${FUNCTIONS.join(', ')}`,
      );
    }
    sc.pos++;
    sc.skipSpace();
    const inner = sc.match(NAME_RE);
    if (!inner) throw new SyntaxFailure('expected a metric name in rate()', sc.pos, sc.peek() ?? '');
    const selector = parseSelector(sc, inner.text);
    const window = sc.match(WINDOW_RE);
    sc.skipSpace();
    if (sc.peek() !== ')') throw new SyntaxFailure('expected ")" to close rate(', sc.pos, sc.peek() ?? '');
    sc.pos++;
    if (!window) return { type: 'rate', selector };
    const amount = Number(window.groups[0]);
    const unit = window.groups[1] as DurationUnit;
    return { type: 'rate', selector, window: { amount, unit, ms: amount * DURATION_FACTORS[unit] } };
  }
  const selector = parseSelector(sc, name.text);
  if (sc.peek() === '[') {
    throw new SyntaxFailure(
      'a range like [5m] is only allowed inside rate()',
      sc.pos,
      sc.peekWord()?.text ?? '[',
    );
  }
  return selector;
}

function parseSelector(sc: Scanner, name: string): PromSelector {
  const matchers: LabelMatcher[] = [];
  if (sc.peek() !== '{') return { type: 'selector', name, matchers };
  const open = sc.pos;
  sc.pos++;
  for (;;) {
    sc.skipSpace();
    if (sc.peek() === '}') break;
    const label = sc.match(LABEL_RE);
    if (!label)
      throw new SyntaxFailure(
        'expected a label name',
        sc.pos,
        sc.peek() ?? '',
        `in the matchers opened at column ${open}`,
      );
    sc.skipSpace();
    const op = sc.match(MATCH_OP_RE);
    if (!op) throw new SyntaxFailure('expected = or != after the label', sc.pos, sc.peek() ?? '');
    if (op.text === '=~' || op.text === '!~') {
      throw new SyntaxFailure('regex label matchers are not supported', op.start, op.text, 'use = or !=');
    }
    sc.skipSpace();
    const ch = sc.peek();
    if (ch !== '"' && ch !== "'")
      throw new SyntaxFailure('expected a quoted label value', sc.pos, sc.peekWord()?.text ?? '');
    matchers.push({ label: label.text, op: op.text as '=' | '!=', value: sc.quoted().value });
    sc.skipSpace();
    if (sc.peek() === ',') sc.pos++;
    else if (sc.peek() !== '}') throw new SyntaxFailure('expected "," or "}"', sc.pos, sc.peek() ?? '');
  }
  sc.pos++;
  return { type: 'selector', name, matchers };
}

// ---------------------------------------------------------------------------------------------
// Formatting

function quoteLabel(value: string): string {
  return `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n')}"`;
}

function formatSelector(s: PromSelector): string {
  if (s.matchers.length === 0) return s.name;
  return `${s.name}{${s.matchers.map((m) => `${m.label}${m.op}${quoteLabel(m.value)}`).join(', ')}}`;
}

/** Minimal parentheses: exactly those needed to read back the same tree. */
export function formatPromExpr(expr: PromExpr): string {
  switch (expr.type) {
    case 'number':
      return String(expr.value);
    case 'selector':
      return formatSelector(expr);
    case 'rate':
      return `rate(${formatSelector(expr.selector)}${expr.window ? `[${expr.window.amount}${expr.window.unit}]` : ''})`;
    case 'binary': {
      const prec = PRECEDENCE[expr.op];
      const side = (child: PromExpr, right: boolean) => {
        const text = formatPromExpr(child);
        if (child.type !== 'binary') return text;
        const childPrec = PRECEDENCE[child.op];
        return childPrec < prec || (right && childPrec === prec) ? `(${text})` : text;
      };
      return `${side(expr.left, false)} ${expr.op} ${side(expr.right, true)}`;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Evaluation

export interface PromSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface PromScrape {
  samples: PromSample[];
  /** Epoch milliseconds of the scrape. */
  at: number;
}

export type PromValue = { ok: true; value: number } | { ok: false; error: string };

function selectorSum(s: PromSelector, scrape: PromScrape): number | null {
  let sum = 0;
  let found = false;
  for (const sample of scrape.samples) {
    if (sample.name !== s.name) continue;
    const matches = s.matchers.every((m) => ((sample.labels[m.label] ?? '') === m.value) === (m.op === '='));
    if (matches) {
      sum += sample.value;
      found = true;
    }
  }
  return found ? sum : null;
}

class EvalFailure extends Error {}

function evaluate(expr: PromExpr, current: PromScrape, previous: PromScrape | undefined): number {
  switch (expr.type) {
    case 'number':
      return expr.value;
    case 'selector': {
      const v = selectorSum(expr, current);
      if (v === null) throw new EvalFailure(`no series matches ${formatSelector(expr)}`);
      return v;
    }
    case 'rate': {
      if (!previous) throw new EvalFailure('rate() needs a previous scrape');
      const seconds = (current.at - previous.at) / 1000;
      if (!(seconds > 0)) throw new EvalFailure('rate() needs two scrapes at different times');
      if (expr.window && current.at - previous.at > expr.window.ms) {
        throw new EvalFailure(`the previous scrape is older than ${expr.window.amount}${expr.window.unit}`);
      }
      const now = selectorSum(expr.selector, current);
      const before = selectorSum(expr.selector, previous);
      if (now === null || before === null)
        throw new EvalFailure(`no series matches ${formatSelector(expr.selector)}`);
      // A counter that went down was reset (process restart): count from zero.
      return (now >= before ? now - before : now) / seconds;
    }
    case 'binary': {
      const l = evaluate(expr.left, current, previous);
      const r = evaluate(expr.right, current, previous);
      if (expr.op === '/' && r === 0) throw new EvalFailure(`division by zero in ${formatPromExpr(expr)}`);
      return expr.op === '+' ? l + r : expr.op === '-' ? l - r : expr.op === '*' ? l * r : l / r;
    }
  }
}

/** Value of an expression over a scrape (and the previous one, for `rate`). Never throws. */
export function evaluatePromExpr(expr: PromExpr, current: PromScrape, previous?: PromScrape): PromValue {
  try {
    const value = evaluate(expr, current, previous);
    return Number.isFinite(value)
      ? { ok: true, value }
      : { ok: false, error: 'the result is not a finite number' };
  } catch (e) {
    return { ok: false, error: e instanceof EvalFailure ? e.message : 'cannot evaluate the expression' };
  }
}
