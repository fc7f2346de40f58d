/**
 * Argument grammar of a probe: how the check parser reads each argument after the probe's word
 * and how the formatter writes it back. A probe kind lists its probes' arguments with these;
 * the parser and formatter walk the list, so a new probe needs no parser change.
 */
import { isSafeBareWord, quoteString, type Scanner, SyntaxFailure, type Token } from './tokenizer';

export interface ArgType<T> {
  /** Reads the argument at the cursor; throws SyntaxFailure with a column on bad input. */
  parse(sc: Scanner): T;
  /** Canonical text that `parse` reads back as the same value. */
  format(value: T): string;
}

/** A probe's arguments in order (object key order), one grammar per field of its AST node. */
export type ArgGrammar<Args> = { readonly [A in keyof Args]: ArgType<Args[A]> };

/** A bare word; `re` says which words are valid; `lower` folds it to lower case. */
export function word(what: string, re?: RegExp, opts: { lower?: boolean } = {}): ArgType<string> {
  return {
    parse(sc) {
      if (sc.atEnd()) throw sc.missing(what);
      const token = sc.word() as Token;
      if (re && !re.test(token.text))
        throw new SyntaxFailure(`invalid ${what} "${token.text}"`, token.start, token.text);
      return opts.lower ? token.text.toLowerCase() : token.text;
    },
    format: (value) => value,
  };
}

/**
 * A bare word (checked against `re`) or a quoted string (any text but empty). Written back bare
 * when it reads back the same (`re`, else any safe word), quoted otherwise or `always`.
 */
export function quotable(what: string, opts: { re?: RegExp; always?: boolean } = {}): ArgType<string> {
  const { re, always = false } = opts;
  return {
    parse(sc) {
      if (sc.atEnd()) throw sc.missing(what);
      const ch = sc.peek();
      if (ch === '"' || ch === "'") {
        const q = sc.quoted();
        if (q.value === '') throw new SyntaxFailure(`empty ${what}`, q.start, q.text);
        return q.value;
      }
      const token = sc.word() as Token;
      if (re && !re.test(token.text))
        throw new SyntaxFailure(`invalid ${what} "${token.text}"`, token.start, token.text);
      return token.text;
    },
    format(value) {
      const bare = !always && (re ? re.test(value) : isSafeBareWord(value));
      return bare ? value : quoteString(value);
    },
  };
}

/**
 * An optional count (`redis:cache latency 50`): a whole number from 1 to `max` when the next
 * word is one, else `fallback`, which the formatter leaves out.
 */
export function count(what: string, fallback: number, max: number): ArgType<number> {
  return {
    parse(sc) {
      const next = sc.atEnd() ? null : sc.peekWord();
      if (!next || !/^\d+$/.test(next.text)) return fallback;
      const n = Number(next.text);
      if (n < 1 || n > max)
        throw new SyntaxFailure(`${what} must be from 1 to ${max}`, next.start, next.text);
      sc.pos = sc.lastEnd = next.end;
      return n;
    },
    format: (value) => (value === fallback ? '' : String(value)),
  };
}

/**
 * An optional duration (`redis:cache hit-rate 30s`): from `min` to `max` milliseconds when the
 * next word is one, else 0 (none), which the formatter leaves out.
 */
export function window(what: string, min: number, max: number): ArgType<number> {
  return {
    parse(sc) {
      const next = sc.atEnd() ? null : sc.peekWord();
      const m = next ? /^(\d+)(ms|s|m)$/.exec(next.text) : null;
      if (!next || !m) return 0;
      const ms = Number(m[1]) * ({ ms: 1, s: 1000, m: 60_000 } as const)[m[2] as 'ms' | 's' | 'm'];
      if (ms < min || ms > max)
        throw new SyntaxFailure(`${what} must be from ${min}ms to ${max / 1000}s`, next.start, next.text);
      sc.pos = sc.lastEnd = next.end;
      return ms;
    },
    format: (ms) =>
      ms === 0 ? '' : ms % 60_000 === 0 ? `${ms / 60_000}m` : ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`,
  };
}
