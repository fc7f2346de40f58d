/**
 * Gatus-like comparison of an actual probe value with a condition's literal. The literal picks
 * the domain: sizes compare as bytes, durations as milliseconds, version-like strings as
 * versions, numbers numerically; anything else only by (case-sensitive) string equality.
 */
import type { CompareOp, Value } from './ast';
import { formatBytes, formatDuration, parseDuration, parseSize } from './units';
import { classifyWord } from './values';

export interface Outcome {
  ok: boolean;
  /** Why it failed, when the comparison itself was impossible. */
  reason?: string;
  /** The actual value as compared, for messages (`536870912 (512 MB)`). */
  shown: string;
}

const NUMERIC_RE = /^[-+]?(\d+(\.\d*)?|\.\d+)(e[-+]?\d+)?$/i;
const VERSION_RE = /^(v)?(\d+(?:\.\d+)*)([-+~_ (].*)?$/i;

export function display(actual: unknown): string {
  if (actual === undefined) return 'nothing';
  if (typeof actual === 'string') return actual.length > 200 ? `"${actual.slice(0, 200)}…"` : `"${actual}"`;
  if (typeof actual === 'bigint') return actual.toString();
  let text: string;
  try {
    text = JSON.stringify(actual) ?? String(actual);
  } catch {
    text = String(actual);
  }
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** Strings compare as written; anything else as its JSON text (so `true` equals `true`). */
export function asText(actual: unknown): string {
  if (typeof actual === 'string') return actual;
  if (typeof actual === 'bigint') return actual.toString();
  try {
    return JSON.stringify(actual) ?? String(actual);
  } catch {
    return String(actual);
  }
}

export function toNumber(actual: unknown): number | null {
  if (typeof actual === 'number') return Number.isFinite(actual) ? actual : null;
  if (typeof actual === 'boolean') return actual ? 1 : 0;
  if (typeof actual === 'bigint') return Number(actual);
  if (typeof actual === 'string' && NUMERIC_RE.test(actual.trim())) return Number(actual.trim());
  return null;
}

/**
 * `7.0.15`, `v1.2.3`, `16.2 (Debian 16.2-1)` → numeric parts. With `strict`, plain numbers such
 * as `7.2` are not versions (they compare as numbers).
 */
function versionParts(actual: unknown, strict: boolean): number[] | null {
  const text =
    typeof actual === 'number' ? String(actual) : typeof actual === 'string' ? actual.trim() : null;
  if (text === null) return null;
  const m = VERSION_RE.exec(text);
  if (!m) return null;
  const parts = (m[2] as string).split('.').map(Number);
  if (strict && !m[1] && !m[3] && parts.length < 3) return null;
  return parts;
}

function compareParts(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

function compareNumbers(a: number, b: number): number {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b)) ? 0 : a < b ? -1 : 1;
}

function holds(cmp: number, op: CompareOp): boolean {
  switch (op) {
    case '==':
      return cmp === 0;
    case '!=':
      return cmp !== 0;
    case '<':
      return cmp < 0;
    case '<=':
      return cmp <= 0;
    case '>':
      return cmp > 0;
    case '>=':
      return cmp >= 0;
  }
}

function sizeOf(actual: unknown): number | null {
  if (typeof actual === 'number' || typeof actual === 'string') return parseSize(actual);
  return null;
}

function durationOf(actual: unknown): number | null {
  if (typeof actual === 'number') return Number.isFinite(actual) ? actual : null;
  if (typeof actual !== 'string') return null;
  const n = toNumber(actual);
  return n !== null ? n : parseDuration(actual);
}

/** Compares a present actual value with a literal. Missing values are the caller's concern. */
export function compareValues(actual: unknown, op: CompareOp, literal: Value): Outcome {
  // Quoted literals get the same reading as bare ones: `"512mb"` is still a size.
  const expected = literal.type === 'string' ? classifyWord(literal.value) : literal;
  const shown = display(actual);
  switch (expected.type) {
    case 'size': {
      const bytes = sizeOf(actual);
      if (bytes === null) return { ok: false, shown, reason: `${shown} is not a size` };
      return {
        ok: holds(compareNumbers(bytes, expected.bytes), op),
        shown: `${shown} (${formatBytes(bytes)})`,
      };
    }
    case 'duration': {
      const ms = durationOf(actual);
      if (ms === null) return { ok: false, shown, reason: `${shown} is not a duration` };
      return { ok: holds(compareNumbers(ms, expected.ms), op), shown: `${shown} (${formatDuration(ms)})` };
    }
    case 'number': {
      const version = versionParts(actual, true);
      if (version)
        return { ok: holds(compareParts(version, versionParts(expected.value, false) ?? []), op), shown };
      const n = toNumber(actual);
      if (n !== null) return { ok: holds(compareNumbers(n, expected.value), op), shown };
      if (op === '==' || op === '!=') return { ok: op === '!=', shown };
      return { ok: false, shown, reason: `${shown} is not a number` };
    }
    case 'string': {
      const strictA = versionParts(actual, true);
      const strictB = versionParts(expected.value, true);
      if (strictA || strictB) {
        const a = strictA ?? versionParts(actual, false);
        const b = strictB ?? versionParts(expected.value, false);
        if (a && b) return { ok: holds(compareParts(a, b), op), shown };
      }
      if (op === '==' || op === '!=')
        return { ok: (asText(actual) === expected.value) === (op === '=='), shown };
      return {
        ok: false,
        shown,
        reason: `cannot order ${shown} and "${expected.value}": ordering needs numbers, sizes, durations or versions`,
      };
    }
  }
}

export function containsText(actual: unknown, text: string): boolean {
  return asText(actual).includes(text);
}

/** `installed` / `exists`: true, a non-zero number, a non-empty collection or a non-"no" string. */
export function isTruthy(actual: unknown): boolean {
  if (actual === undefined || actual === null) return false;
  if (typeof actual === 'boolean') return actual;
  if (typeof actual === 'number') return actual !== 0 && !Number.isNaN(actual);
  if (typeof actual === 'string')
    return !['', '0', 'false', 'no', 'off', 'null', 'none'].includes(actual.trim().toLowerCase());
  if (Array.isArray(actual)) return actual.length > 0;
  return true;
}
