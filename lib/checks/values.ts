/** Right-hand values of conditions: how a bare word reads, and how a value is written back. */
import type { DurationUnit, SizeUnit, Value } from './ast';
import { isSafeBareWord, quoteString } from './tokenizer';
import { DURATION_FACTORS, DURATION_WORD_RE, NUMBER_WORD_RE, SIZE_FACTORS, SIZE_WORD_RE } from './units';

/** Negative zero would not survive a format/parse round trip. */
const num = (text: string): number => Number(text) + 0;

/** A bare word is a number, a size (`512mb`), a duration (`5ms`, `30d`) or else a string. */
export function classifyWord(word: string): Value {
  if (NUMBER_WORD_RE.test(word)) {
    const value = num(word);
    if (Number.isFinite(value)) return { type: 'number', value };
  }
  const size = SIZE_WORD_RE.exec(word);
  if (size) {
    const amount = num(size[1] as string);
    const unit = (size[2] as string).toLowerCase() as SizeUnit;
    const bytes = amount * SIZE_FACTORS[unit];
    if (Number.isFinite(bytes)) return { type: 'size', amount, unit, bytes };
  }
  const duration = DURATION_WORD_RE.exec(word);
  if (duration) {
    const amount = num(duration[1] as string);
    const unit = (duration[2] as string).toLowerCase() as DurationUnit;
    const ms = amount * DURATION_FACTORS[unit];
    if (Number.isFinite(ms)) return { type: 'duration', amount, unit, ms };
  }
  return { type: 'string', value: word };
}

const RESERVED = new Set(['&&', '||', 'contains', 'installed', 'exists']);

/** Bare words that could be mistaken for syntax are quoted even where position would tell. */
function isPlainWord(value: string): boolean {
  return isSafeBareWord(value) && !RESERVED.has(value.toLowerCase()) && !/^[[=!<>&|]/.test(value);
}

/** A string value stays bare only if it would read back as the same string (not as `512mb`). */
export function formatStringValue(value: string): string {
  return isPlainWord(value) && classifyWord(value).type === 'string' ? value : quoteString(value);
}

export function formatValue(value: Value): string {
  switch (value.type) {
    case 'number':
      return String(value.value);
    case 'size':
    case 'duration':
      return `${value.amount}${value.unit}`;
    case 'string':
      return formatStringValue(value.value);
  }
}

/** Text operands (`contains`) are never classified, but quoted when needed. */
export function formatText(text: string): string {
  return isPlainWord(text) ? text : quoteString(text);
}
