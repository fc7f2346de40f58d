/**
 * Line-level checklist rules shared by the Markdown walker (paragraph lines) and the plain-text
 * reader: box lines, status lines (`**Status**: [ ] Completed`) and choice lines
 * (`**Release type**: [ ] Patch [ ] Minor`).
 */
import { codeSpans, trimEndChars } from './inline';

/** A box at the start of a line, after an optional bullet or number. */
const LEADING_BOX =
  /^(?:(?:[-*+•]|\d{1,9}[.)])[ \t]+)?(?:\[([ xX])\](?=[ \t]|$)|([☐□⬜])|([☑☒✅✔]))\uFE0F?[ \t]*([\s\S]*)$/u;

export interface LeadingBox {
  checked: boolean;
  /** Text after the box. */
  text: string;
  /** The box was written as a glyph (`☐`, `✅`) rather than `[ ]`. */
  glyph: boolean;
}

export function leadingBox(line: string): LeadingBox | null {
  const m = LEADING_BOX.exec(line);
  if (!m) return null;
  if (m[1] !== undefined) return { checked: m[1] !== ' ', text: m[4]!.trim(), glyph: false };
  return { checked: m[3] !== undefined, text: m[4]!.trim(), glyph: true };
}

/**
 * Radio-style boxes of plain-text checklists: `( ) run the tests`, `(x) done`, `( ) * tag it`
 * (a bullet after the box is dropped). Plain text only: in Markdown prose `(*)` is a footnote.
 */
const RADIO_BOX = /^(?:(?:[-*+•]|\d{1,9}[.)])[ \t]+)?\(([ xX*])\)[ \t]+(?:[-*+•][ \t]+)?(\S[\s\S]*)$/u;

/** `leadingBox`, plus radio-style boxes: the plain-text reader's boxes. */
export function plainTextBox(line: string): LeadingBox | null {
  const box = leadingBox(line);
  if (box) return box;
  const m = RADIO_BOX.exec(line);
  return m ? { checked: m[1] !== ' ', text: m[2]!.trim(), glyph: false } : null;
}

/** Boxes that can appear mid-line as form controls (checked emoji such as ✅ are status, not boxes). */
const MID_BOX = /\[([ xX])\]|([☐□⬜])|([☑☒])\uFE0F?/gu;

interface BoxAt {
  index: number;
  length: number;
  checked: boolean;
}

function boxesIn(line: string): BoxAt[] {
  const spans = line.includes('`') ? codeSpans(line) : [];
  const out: BoxAt[] = [];
  let span = 0; // spans and matches both ascend: one pass over each
  for (const m of line.matchAll(MID_BOX)) {
    const index = m.index ?? 0;
    while (span < spans.length && spans[span]!.end <= index) span++;
    if (span < spans.length && spans[span]!.start <= index) continue;
    // `[x]` glued to a word is a link or an index (`a[x]`), not a box.
    if (m[0].startsWith('[') && index > 0 && /[\w\]]/.test(line[index - 1]!)) continue;
    out.push({ index, length: m[0].length, checked: m[1] !== undefined ? m[1] !== ' ' : m[3] !== undefined });
  }
  return out;
}

/** `**Label**:` / `**Label:**` / `Label:` → `Label`. */
function labelOf(prefix: string): string | null {
  if (prefix.length > 200) return null;
  const p = prefix.trim().replace(/^(?:[-*+•]|\d{1,9}[.)])[ \t]+/, '');
  const m =
    /^(\*\*|__)(.+?):?\1[ \t]*:?$/.exec(p) ??
    /^(\*\*|__)(.+?):(\*\*|__)$/.exec(p) ??
    /^()([^*_:[\]]{1,60}):$/.exec(p);
  if (!m) return null;
  const label = m[2]!.replace(/:$/, '').trim();
  return label.length > 0 && label.length <= 60 ? label : null;
}

export interface StatusLine {
  label: string;
  checked: boolean;
  text: string;
}

/** One box after a label: `**Status**: [ ] Completed`. */
export function statusLine(line: string): StatusLine | null {
  const boxes = boxesIn(line);
  if (boxes.length !== 1) return null;
  const box = boxes[0]!;
  if (box.index === 0) return null;
  const label = labelOf(line.slice(0, box.index));
  if (!label) return null;
  return { label, checked: box.checked, text: line.slice(box.index + box.length).trim() };
}

export interface ChoiceLine {
  label: string | null;
  options: { text: string; checked: boolean }[];
}

/** Several boxes on one line: `**Release type**: [ ] Patch [ ] Minor [ ] Major`. */
export function choiceLine(line: string): ChoiceLine | null {
  const boxes = boxesIn(line);
  if (boxes.length < 2) return null;
  const prefix = line.slice(0, boxes[0]!.index).trim();
  const label =
    prefix === '' ? null : (labelOf(prefix) ?? prefix.replace(/[*_]/g, '').replace(/:$/, '').trim());
  const options = boxes.map((b, i) => {
    const end = i + 1 < boxes.length ? boxes[i + 1]!.index : line.length;
    const raw = line.slice(b.index + b.length, end).trim();
    const text = trimEndChars(raw.replace(/^[|/,;]+/, ''), '|/,; \t').trim();
    return { text, checked: b.checked };
  });
  if (options.some((o) => o.text === '')) return null;
  return { label: label || null, options };
}
