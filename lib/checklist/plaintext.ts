/**
 * Reader for plain-text checklists: `[x]` lines, `===` banners, box-drawing frames, setext-style
 * underlines, `Section:` label lines. Nesting follows indentation (tab stop 4).
 */
import type { Builder, ItemDraft } from './builder';
import { lineFields } from './fields';
import { expandTabs } from './hygiene';
import { toPlain, trimEndChars } from './inline';
import { choiceLine, leadingBox, statusLine } from './lines';

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
const BULLET = /^(?:[-*+•]|\d{1,9}[.)])\s+/u;
const FENCE = /^\s*(`{3,}|~{3,})\s*([^`\s]*)/;

const indentOf = (l: string) => l.length - l.trimStart().length;
const isBlank = (l: string | undefined) => l === undefined || l.trim() === '';
const isRule = (l: string | undefined) =>
  l !== undefined && (RULE.test(l) || FRAME_TOP.test(l) || FRAME_BOTTOM.test(l));

/** Rule character → heading level: `=`/`═` frames and underlines rank above `-`/`─`. */
function ruleLevel(rule: string): number {
  return /[=═#*]/.test(rule.trim()[0] ?? '') ? 2 : 3;
}

interface Heading {
  title: string;
  level: number;
  /** Lines consumed. */
  span: number;
  /** Extra lines inside a frame (subtitle) that are content, not title. */
  extra: string[];
}

function textLineOk(l: string | undefined): l is string {
  return l !== undefined && !isBlank(l) && !isRule(l) && l.trim().length <= 120 && !leadingBox(l.trim());
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

function headingAt(lines: string[], i: number): Heading | null {
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
  if (t.length > 60 || leadingBox(t) || choiceLine(t) || statusLine(t)) return null;
  let j = i + 1;
  while (j < lines.length && isBlank(lines[j])) j++;
  const after = lines[j];
  if (after === undefined) return null;
  const introduces = indentOf(after) > 0 || BULLET.test(after) || leadingBox(after.trim()) !== null;
  // `Validation:` label lines; a short title line directly above indented boxes is one too.
  const label = t.slice(0, -1).trim();
  if (t.endsWith(':') && introduces && label !== '' && !/:\s/.test(label)) {
    return { title: label, level: 4, span: 1, extra: [] };
  }
  if (j === i + 1 && indentOf(after) > 0 && leadingBox(after.trim()) && !/[.!?;,:]$/.test(t)) {
    return { title: t, level: 4, span: 1, extra: [] };
  }
  return null;
}

/**
 * HTML comments (except `check:` bindings) and front matter hold nothing checkable: blank them
 * out, keeping the line count. An unclosed comment runs to the end, as in Markdown.
 */
function hideNonContent(text: string): string {
  let out = text;
  const fm = /^(---|\+\+\+)\n[\s\S]*?\n\1(?:\n|$)/.exec(out);
  if (fm) out = '\n'.repeat(fm[0].split('\n').length - 1) + out.slice(fm[0].length);
  if (!out.includes('<!--')) return out;
  let result = '';
  let last = 0;
  let k = out.indexOf('<!--');
  while (k >= 0) {
    const end = out.indexOf('-->', k + 4);
    const stop = end < 0 ? out.length : end + 3;
    if (!/^\s*check\s*:/i.test(out.slice(k + 4, k + 40))) {
      result += out.slice(last, k) + '\n'.repeat(out.slice(k, stop).split('\n').length - 1);
      last = stop;
    }
    if (end < 0) break;
    k = out.indexOf('<!--', stop);
  }
  return result + out.slice(last);
}

export function readPlainText(text: string, b: Builder): void {
  const lines = hideNonContent(text)
    .split('\n')
    .map((l) => expandTabs(l).trimEnd());
  let stack: { item: ItemDraft; indent: number }[] = [];
  let open: {
    item: ItemDraft;
    indent: number;
    continuing: boolean;
    detailIndent?: number;
    inDetail?: boolean;
  } | null = null;
  let follow: ItemDraft | null = null;
  let buffer: string[] = [];
  let seenContent = false;

  const flush = () => {
    while (buffer.length > 0 && buffer.at(-1) === '') buffer.pop();
    if (buffer.length > 0) b.addContent(buffer.join('\n'));
    buffer = [];
  };

  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (isBlank(l)) {
      if (buffer.length > 0) buffer.push('');
      if (open) {
        open.continuing = false;
        open.inDetail = false;
      }
      continue;
    }
    const fence = FENCE.exec(l);
    if (fence) {
      const body: string[] = [];
      const ind = indentOf(l);
      let j = i + 1;
      for (; j < lines.length; j++) {
        const c = lines[j]!.trim();
        if (c.startsWith(fence[1]!) && /^(`+|~+)$/.test(c)) break;
        body.push(lines[j]!.slice(Math.min(ind, indentOf(lines[j]!))));
      }
      const code = fence[2]
        ? { lang: fence[2], value: body.join('\n'), inline: false }
        : { value: body.join('\n'), inline: false };
      const target = open && ind > open.indent ? open.item : follow;
      b.addCode(code, target);
      if (!target) buffer.push(lines.slice(i, j + 1).join('\n'));
      i = j;
      seenContent = true;
      continue;
    }
    const h = headingAt(lines, i);
    if (h) {
      flush();
      if (b.title === null && !seenContent) b.title = h.title;
      else b.addSection(h.title, h.level, i + 1);
      if (h.extra.length > 0) b.addContent(h.extra.join('\n'));
      i += h.span - 1;
      stack = [];
      open = null;
      follow = null;
      seenContent = true;
      continue;
    }
    if (isRule(l)) {
      follow = null;
      continue; // a separator
    }
    const t = l.trim();
    const indent = indentOf(l);
    while (stack.length > 0 && stack.at(-1)!.indent >= indent) stack.pop();
    const parent = stack.at(-1)?.item ?? null;

    const choice = choiceLine(t);
    if (choice) {
      b.addField(
        {
          label: choice.label ?? b.section?.title ?? 'Choice',
          kind: 'choice',
          options: choice.options.map((o) => toPlain(o.text)),
          selected: choice.options.filter((o) => o.checked).map((o) => toPlain(o.text)),
        },
        i + 1,
      );
      buffer.push(l);
      open = null;
      seenContent = true;
      continue;
    }
    const status = statusLine(t);
    const box = status ? null : leadingBox(t);
    if (status || box) {
      const step = b.section?.title;
      const itemText = status
        ? step
          ? `${step} — ${status.text || status.label}`
          : `${status.label}: ${status.text}`
        : box!.text;
      const item = b.addItem({
        text: itemText,
        checked: (status ?? box)!.checked,
        kind: status ? 'status' : box!.glyph ? 'glyph' : 'box',
        line: i + 1,
        parent,
      });
      for (const f of lineFields(t)) b.addField(f, i + 1);
      stack.push({ item, indent });
      open = { item, indent, continuing: true };
      follow = item;
      seenContent = true;
      continue;
    }
    const fields = lineFields(t);
    for (const f of fields) b.addField(f, i + 1);
    if (open && indent > open.indent && fields.length === 0) {
      // Wrapped text continues the item; bullets and later lines are its details.
      if (open.continuing && !BULLET.test(t)) open.item.lines.push(t);
      else {
        // Consecutive detail lines form one block; a blank line starts the next.
        open.detailIndent ??= indent;
        const detail = l.slice(Math.min(indent, open.detailIndent));
        const details = open.item.details;
        if (open.inDetail && details.length > 0) details[details.length - 1] += `\n${detail}`;
        else details.push(detail);
        open.inDetail = true;
        open.continuing = false;
      }
      continue;
    }
    open = null;
    follow = null;
    if (b.title === null && !seenContent && t.length <= 100 && fields.length === 0) {
      b.title = t;
      seenContent = true;
      continue;
    }
    buffer.push(l);
    seenContent = true;
  }
  flush();
}
