/**
 * Plain-text structure: headings (`===` banners, box-drawing frames, setext-style underlines,
 * `Section:` label lines) and the non-content (front matter, HTML comments) the reader skips.
 */
import { BINDING_COMMENT, trimEndChars } from './inline';
import { choiceLine, plainTextBox, statusLine } from './lines';
import { COUNTED_MARKER } from './reference';
import { STAGE_MARKER } from './stages';

const RULE = /^\s*([=\-─━═~*#_+])\1{2,}\s*$/u;
const FRAME_TOP = /^\s*[+┌╔╭][─━═=-]{2,}[+┐╗╮]\s*$/u;
const FRAME_BOTTOM = /^\s*[+└╚╰][─━═=-]{2,}[+┘╝╯]\s*$/u;
const FRAME_SIDE = /^\s*[|│║┃]/u;
const BANNER = /^\s*([=═─━\-#*~])\1{2,}\s+(.+?)\s+\1{3,}$/u;
/** Heading candidates are short; longer lines skip the heading regexes (and their backtracking). */
const HEADING_MAX = 200;

/** Text inside a frame side: `║  TITLE  ║` → `TITLE`. */
function frameText(l: string): string {
  const side = FRAME_SIDE.exec(l);
  if (!side) return l.trim();
  return trimEndChars(l.slice(side[0].length).trimEnd(), '|│║┃').trim();
}
export const BULLET = /^(?:[-*+•]|\d{1,9}[.)])\s+/u;

export const indentOf = (l: string) => l.length - l.trimStart().length;
export const isBlank = (l: string | undefined) => l === undefined || l.trim() === '';
export const isRule = (l: string | undefined) =>
  l !== undefined && (RULE.test(l) || FRAME_TOP.test(l) || FRAME_BOTTOM.test(l));

/** Rule character → heading level: `=`/`═` frames and underlines rank above `-`/`─`. */
function ruleLevel(rule: string): number {
  return /[=═#*]/.test(rule.trim()[0] ?? '') ? 2 : 3;
}

export interface Heading {
  title: string;
  level: number;
  /** Lines consumed. */
  span: number;
  /** Extra lines inside a frame (subtitle) that are content, not title. */
  extra: string[];
}

function textLineOk(l: string | undefined): l is string {
  return l !== undefined && !isBlank(l) && !isRule(l) && l.trim().length <= 120 && !plainTextBox(l.trim());
}

/** A frame: rule (or box top), 1-3 text lines, rule (or box bottom). */
function frameAt(lines: string[], i: number): Heading | null {
  const top = lines[i];
  if (!isRule(top) || FRAME_BOTTOM.test(top!)) return null;
  for (let k = 1; k <= 3; k++) {
    const inner = lines.slice(i + 1, i + 1 + k);
    const bottom = lines[i + 1 + k];
    if (inner.length < k || !inner.every((l) => textLineOk(l) || FRAME_SIDE.test(l))) return null;
    if (bottom !== undefined && isRule(bottom) && !FRAME_TOP.test(bottom)) {
      const texts = inner.map(frameText).filter((l) => l !== '');
      if (texts.length === 0) return null;
      return { title: texts[0]!, level: 1, span: k + 2, extra: texts.slice(1) };
    }
  }
  return null;
}

export function headingAt(lines: string[], i: number): Heading | null {
  const l = lines[i]!;
  if (l.length > HEADING_MAX) return null;
  if (isRule(l)) return frameAt(lines, i);
  const banner = BANNER.exec(l);
  if (banner && indentOf(l) === 0)
    return { title: banner[2]!, level: ruleLevel(banner[1]!), span: 1, extra: [] };
  const next = lines[i + 1];
  if (
    textLineOk(l) &&
    !BULLET.test(l.trim()) &&
    next !== undefined &&
    RULE.test(next) &&
    !frameAt(lines, i + 1)
  ) {
    return { title: l.trim(), level: ruleLevel(next), span: 2, extra: [] };
  }
  if (indentOf(l) > 0 || BULLET.test(l) || l.includes('___')) return null;
  const t = l.trim();
  if (t.length > 60 || plainTextBox(t) || choiceLine(t) || statusLine(t)) return null;
  let j = i + 1;
  while (j < lines.length && isBlank(lines[j])) j++;
  const after = lines[j];
  if (after === undefined) return null;
  const introduces = indentOf(after) > 0 || BULLET.test(after) || plainTextBox(after.trim()) !== null;
  // `Validation:` label lines; a short title line directly above indented boxes is one too.
  const label = t.slice(0, -1).trim();
  if (t.endsWith(':') && introduces && label !== '' && !/:\s/.test(label)) {
    return { title: label, level: 4, span: 1, extra: [] };
  }
  if (j === i + 1 && indentOf(after) > 0 && plainTextBox(after.trim()) && !/[.!?;,:]$/.test(t)) {
    return { title: t, level: 4, span: 1, extra: [] };
  }
  return null;
}

/**
 * HTML comments (except `check:` bindings) and front matter hold nothing checkable: blank them
 * out, keeping the line count. An unclosed comment runs to the end, as in Markdown. Returns the
 * 1-based lines where a `<!-- liftoff: counted -->` or a `<!-- stage -->` marker was removed.
 */
export function hideNonContent(text: string): { text: string; counted: Set<number>; stages: Set<number> } {
  let out = text;
  const counted = new Set<number>();
  const stages = new Set<number>();
  const fm = /^(---|\+\+\+)\n[\s\S]*?\n\1(?:\n|$)/.exec(out);
  if (fm) out = '\n'.repeat(fm[0].split('\n').length - 1) + out.slice(fm[0].length);
  if (!out.includes('<!--')) return { text: out, counted, stages };
  let result = '';
  let last = 0;
  // Line of offset `k`, counted forward from the previous comment (linear in the input).
  let line = 1;
  let seen = 0;
  let k = out.indexOf('<!--');
  while (k >= 0) {
    for (; seen < k; seen++) if (out.charCodeAt(seen) === 10) line++;
    const end = out.indexOf('-->', k + 4);
    const stop = end < 0 ? out.length : end + 3;
    if (!BINDING_COMMENT.test(out.slice(k + 4, k + 40))) {
      if (COUNTED_MARKER.test(out.slice(k, Math.min(stop, k + 60)))) counted.add(line);
      if (STAGE_MARKER.test(out.slice(k, Math.min(stop, k + 40)))) stages.add(line);
      result += out.slice(last, k) + '\n'.repeat(out.slice(k, stop).split('\n').length - 1);
      last = stop;
    }
    if (end < 0) break;
    k = out.indexOf('<!--', stop);
  }
  return { text: result + out.slice(last), counted, stages };
}
