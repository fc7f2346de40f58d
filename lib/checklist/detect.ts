/**
 * Markdown or plain text? Markdown structure (ATX headings, fences, tables) wins; otherwise banner
 * rules, box-drawing frames or more bare `[ ]` lines than GFM task items mean plain text.
 */
const ATX = /^ {0,3}#{1,6}[ \t]/m;
const FENCE = /^ {0,3}(?:`{3,}|~{3,})/m;
const TABLE_DELIMITER = /^ {0,3}\|?[ \t]*:?-{3,}:?[ \t]*\|/m;
const TASK = /^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+\[[ xX]\][ \t]/gm;
/** `[ ] x` lines and the radio-style `( ) x` / `(x) x` of plain-text checklists. */
const BARE_BOX = /^[ \t]*(?:\[[ xX]\]|\([ xX*]\))[ \t]/gm;
/** A rule of `=`, `═` or `─` at the start or after a blank line: a banner, not a setext underline. */
const BANNER_RULE = /(?:^|\n[ \t]*\n)[ \t]*(?:={3,}|═{3,}|─{3,}|━{3,})[ \t]*(?:\n|$)/;
const FRAME = /^[ \t]*[┌╔╭][─═━]{2,}/m;

export function detectFormat(text: string, filename?: string): 'markdown' | 'text' {
  const sample = text.length > 200_000 ? text.slice(0, 200_000) : text;
  if (ATX.test(sample) || FENCE.test(sample) || TABLE_DELIMITER.test(sample)) return 'markdown';
  if (/\.(?:md|markdown|mdx)$/i.test(filename ?? '')) return 'markdown';
  if (BANNER_RULE.test(sample) || FRAME.test(sample)) return 'text';
  const tasks = sample.match(TASK)?.length ?? 0;
  const bare = sample.match(BARE_BOX)?.length ?? 0;
  return bare > tasks ? 'text' : 'markdown';
}
