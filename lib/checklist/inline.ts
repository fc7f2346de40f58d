/**
 * Inline helpers working on raw inline Markdown: code spans, HTML comments (check bindings),
 * plain-text rendering, emoji decoration. Used by both the Markdown walker and the plain-text
 * reader, so they never depend on an mdast inline tree.
 */

import { replaceHtmlComments } from '@/lib/core/html-comments';

/**
 * `s` without trailing characters from `chars`. A loop, not `/[...]+$/`: that regex backtracks
 * quadratically on long runs inside a line, and every line of the input goes through here.
 */
export function trimEndChars(s: string, chars: string): string {
  let end = s.length;
  while (end > 0 && chars.includes(s[end - 1]!)) end--;
  return end === s.length ? s : s.slice(0, end);
}

export const trimEndBlanks = (s: string): string => trimEndChars(s, ' \t');

/** Longer inline text is cut before the approximate (regex-based) clean-ups run. */
const PLAIN_MAX = 2000;

export interface CodeSpan {
  value: string;
  start: number;
  end: number;
}

/** Code spans per CommonMark: a backtick run closes at the next run of the same length. */
export function codeSpans(src: string): CodeSpan[] {
  if (!src.includes('`')) return [];
  const spans: CodeSpan[] = [];
  // A run length with no closer after some position has none after any later one either:
  // remembering that keeps `\`a \`\`b \`\`\`c...` linear.
  const noCloser = new Set<number>();
  let i = 0;
  while (i < src.length) {
    const ch = src[i];
    if (ch === '\\') {
      i += 2;
      continue;
    }
    if (ch !== '`') {
      i++;
      continue;
    }
    let n = 0;
    while (src[i + n] === '`') n++;
    let j = i + n;
    let close = -1;
    while (!noCloser.has(n) && j < src.length) {
      const k = src.indexOf('`', j);
      if (k < 0) break;
      let m = 0;
      while (src[k + m] === '`') m++;
      if (m === n) {
        close = k;
        break;
      }
      j = k + m;
    }
    if (close < 0) {
      noCloser.add(n);
      i += n; // an unmatched run is literal text
      continue;
    }
    let value = src.slice(i + n, close).replace(/\n/g, ' ');
    if (value.length > 2 && value.startsWith(' ') && value.endsWith(' ') && value.trim() !== '') {
      value = value.slice(1, -1);
    }
    spans.push({ value, start: i, end: close + n });
    i = close + n;
  }
  return spans;
}

const inSpan = (spans: CodeSpan[], at: number) => spans.some((s) => at >= s.start && at < s.end);

export interface CommentScan {
  /** Text with HTML comments (outside code spans) removed and whitespace tidied. */
  text: string;
  /** `<!-- check: ... -->` binding, if any. */
  check?: string;
  /** `<!-- trigger: ... -->`: the line is a rollback trigger watching this (bad) condition. */
  trigger?: string;
  /** `<!-- every: 1d -->`: the item re-opens every period while its stage runs. */
  every?: string;
  /** `<!-- reject: ... -->` (any number): suggested checks someone turned down for this item. */
  reject?: string[];
}

/** The comments a reader keeps on a line because they bind something to it. */
export const BINDING_COMMENT = /^\s*(?:check|trigger|every|reject)\s*:/i;

/** Removes HTML comments outside code spans and returns the check binding they carried. */
export function stripComments(src: string): CommentScan {
  if (!src.includes('<!--')) return { text: src };
  const spans = codeSpans(src);
  let out = '';
  const bindings: { check?: string; trigger?: string; every?: string } = {};
  const reject: string[] = [];
  let i = 0;
  while (i < src.length) {
    const k = src.indexOf('<!--', i);
    if (k < 0 || inSpan(spans, k)) {
      const stop = k < 0 ? src.length : k + 4;
      out += src.slice(i, stop);
      i = stop;
      continue;
    }
    const end = src.indexOf('-->', k + 4);
    if (end < 0) {
      out += src.slice(i);
      break;
    }
    out += src.slice(i, k);
    const body = src.slice(k + 4, end).trim();
    const m = /^(check|trigger|every|reject)\s*:\s*([\s\S]+)$/i.exec(body);
    if (m?.[1]?.toLowerCase() === 'reject') reject.push(m[2]!.replace(/\s+/g, ' ').trim());
    else if (m) {
      const kind = m[1]!.toLowerCase() as 'check' | 'trigger' | 'every';
      bindings[kind] ??= m[2]!.replace(/\s+/g, ' ').trim();
    }
    i = end + 3;
  }
  return { text: out.replace(/[ \t]{2,}/g, ' ').trim(), ...bindings, ...(reject.length ? { reject } : {}) };
}

/** Inline Markdown → plain text (for titles, labels and ids). Approximate by design. */
/** Nothing for `toPlain` to do (the common case: most item texts are plain words). */
const PLAIN_ALREADY = /^(?:[^`<[\]!*_~\\\s]+(?: [^`<[\]!*_~\\\s]+)*)?$/;

export function toPlain(src: string): string {
  if (src.length <= PLAIN_MAX && PLAIN_ALREADY.test(src)) return src;
  let s = src.length > PLAIN_MAX ? src.slice(0, PLAIN_MAX) : src;
  if (s.includes('`')) {
    const spans = codeSpans(s);
    let out = '';
    let last = 0;
    for (const sp of spans) {
      out += s.slice(last, sp.start) + sp.value;
      last = sp.end;
    }
    s = out + s.slice(last);
  }
  return replaceHtmlComments(s)
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<\/?[A-Za-z][^>]*>/g, '')
    .replace(/(\*\*|__|~~)(?=\S)([\s\S]*?\S)\1/g, '$2')
    .replace(/(^|[^\w*])[*_](?=\S)([^*_]*?\S)[*_](?![\w*])/g, '$1$2')
    .replace(/\\([!-/:-@[-`{-~])/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Emoji and symbols that decorate headings and titles. */
const DECORATION =
  /^(?:[\p{Extended_Pictographic}\p{Regional_Indicator}☐□⬜☑☒✔✓✗✘]|\p{Emoji_Modifier}|\uFE0F|\u200D|\u20E3|\uF8FF|\s)+/u;
const DECORATION_END =
  /(?:[\p{Extended_Pictographic}\p{Regional_Indicator}☐□⬜☑☒✔✓✗✘]|\p{Emoji_Modifier}|\uFE0F|\u200D|\u20E3|\uF8FF|\s)+$/u;

/** Splits leading/trailing emoji off a title: `✅ Pre-Deployment` → `Pre-Deployment` + `✅`. */
export function undecorate(title: string): { title: string; decoration?: string } {
  const lead = DECORATION.exec(title)?.[0] ?? '';
  let rest = title.slice(lead.length);
  // Only the tail can hold trailing decoration; matching there keeps long titles linear.
  const tail = rest.slice(-64);
  const trail = DECORATION_END.exec(tail)?.[0] ?? '';
  rest = rest.slice(0, rest.length - trail.length);
  const clean = trimEndChars(rest, ' \t\n-–—:|').trim();
  const decoration = `${lead.trim()} ${trail.trim()}`.trim();
  if (clean === '') return { title: title.trim() };
  return decoration ? { title: clean, decoration } : { title: clean };
}
