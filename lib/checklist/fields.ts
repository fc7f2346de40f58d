/**
 * Fields (blanks to fill in) and sign-off tables.
 *   `**Deployed by**: ______`            → text field "Deployed by"
 *   `p50: _____ ms (improvement: ___%)`  → "p50" (ms) and "p50 improvement" (%)
 *   `| Role | Name | Date | Signature |`  → sign-off roles from the first column
 */
import { toPlain, trimEndChars } from './inline';

export interface RawField {
  label: string;
  unit?: string;
}

const BLANK = /(?:\\?_){3,}/g;
const UNIT = /^[^\s():,;|]{1,12}(?: [^\s():,;|]{1,12}){0,3}$/;

function cleanLabel(raw: string): string {
  const label = toPlain(raw.replace(/^(?:[-*+•]|\d{1,9}[.)])[ \t]+/, ''))
    .replace(/^[*_([{\s]+/, '')
    .trim();
  return trimEndChars(label, '*_ \t');
}

function cleanUnit(raw: string): string | undefined {
  const u = trimEndChars(raw.trimEnd(), ')]}*_').trim();
  return u !== '' && u.length <= 24 && UNIT.test(u) ? u : undefined;
}

/**
 * The words between two blanks, up to the second label's colon: `ms Time` is a unit and a label,
 * `Drill date` or `**Drill date` only a label (a unit is not capitalised and not bold).
 */
function unitThenLabel(between: string): { unit: string; label: string } {
  const words = between.trim().split(/\s+/);
  const first = words[0] ?? '';
  if (words.length > 1 && !/^[*_]|^\p{Lu}\p{Ll}/u.test(first))
    return { unit: first, label: words.slice(1).join(' ') };
  return { unit: '', label: between };
}

/**
 * Blanks on one line. Each blank needs a `Label:` before it; the text after a blank up to the next
 * label (or a parenthesis) is its unit.
 */
export function lineFields(line: string): RawField[] {
  // Nobody writes a 2 000-character form line; skipping those keeps the regexes here cheap.
  if (line.length > 2000 || (!line.includes('___') && !line.includes('\\_\\_\\_'))) return [];
  const blanks = [...line.matchAll(BLANK)];
  const fields: RawField[] = [];
  let row: string | null = null;
  for (let i = 0; i < blanks.length; i++) {
    const b = blanks[i]!;
    const prevEnd = i === 0 ? 0 : blanks[i - 1]!.index! + blanks[i - 1]![0].length;
    const before = line.slice(prevEnd, b.index);
    const colon = before.lastIndexOf(':');
    if (colon < 0 || before.slice(colon + 1).replace(/[*_\s]/g, '') !== '') continue;
    let labelPart = before.slice(0, colon);
    let parenthetical = false;
    if (i > 0) {
      // `ms (improvement:` → unit of the previous blank, then this blank's label.
      const cut = Math.max(
        labelPart.lastIndexOf('('),
        labelPart.lastIndexOf(','),
        labelPart.lastIndexOf(';'),
      );
      if (cut >= 0) {
        parenthetical = labelPart[cut] === '(';
        labelPart = labelPart.slice(cut + 1);
      } else {
        labelPart = unitThenLabel(labelPart).label;
      }
    }
    let label = cleanLabel(labelPart);
    if (label === '' || label.length > 60) continue;
    // `(improvement: ___%)` qualifies the blank before it: "p50 improvement".
    if (parenthetical && row) label = `${row} ${label}`;
    else row = label;
    const next = blanks[i + 1];
    const after = line.slice(b.index! + b[0].length, next ? next.index : line.length);
    const cut = after.search(/[(,;]/);
    let unitText = cut >= 0 ? after.slice(0, cut) : after;
    if (next && cut < 0) unitText = unitThenLabel(unitText.slice(0, unitText.lastIndexOf(':'))).unit;
    const unit = cleanUnit(unitText);
    fields.push(unit ? { label, unit } : { label });
  }
  return fields;
}

const ROLE_HEADER = /\b(?:role|approver|sign[\s-]?off|signer|team|function)\b/i;
const SIGN_HEADER = /\b(?:signature|sign|signed|name|date|approved|initials)\b/i;

export interface TableShape {
  header: string[];
  body: string[][];
}

/** A sign-off table: a role/approver column plus a signature, name or date column. */
export function isSignoffTable(t: TableShape): boolean {
  const plain = t.header.map((h) => toPlain(h));
  const roleCol = plain.findIndex((h) => ROLE_HEADER.test(h));
  if (roleCol < 0) return false;
  return plain.some((h, i) => i !== roleCol && SIGN_HEADER.test(h));
}

const EMPTY_CELL = /^(?:[\s_\-–—.]*|\[\s*\]|\?)$/;

/** A table to fill in: every body cell after the first column is empty (or a blank). */
export function isEmptyTable(t: TableShape): boolean {
  if (t.body.length === 0 || t.header.length < 2) return false;
  return t.body.every((row) => row.slice(1).every((c) => EMPTY_CELL.test(toPlain(c))));
}

export function tableRows(t: TableShape): string[] {
  return t.body.map((row) => toPlain(row[0] ?? '')).filter((r) => r !== '');
}
