/**
 * Document → block tree. The document is cut at column-0 ATX headings; each chunk is parsed by the
 * fast path when it can, else by remark. A chunk whose last block would continue past the heading
 * (an unclosed root-level fence or HTML block) makes remark parse the rest of the document in one
 * go, so the result always equals remark's parse of the whole document, offsets included.
 */
import type { BNode } from './bnode';
import { fastBlocks } from './fast-blocks';
import { expandTabs } from './hygiene';
import { frontMatterEnd, remarkBlocks } from './remark-blocks';

export interface BlockParse {
  nodes: BNode[];
  /** How many chunks went to the fast path / to remark (benchmark and tests). */
  stats: { fast: number; remark: number };
}

const HEADING_START = /^#{1,6}(?:[ \t]|$)/;

/**
 * remark's time grows with the square of container depth and table width (1.2 s for 300 nested
 * list levels). Inputs beyond these limits are nothing a person writes; they are read by the
 * line-based reader instead, which is linear.
 */
const LIMITS = { quoteDepth: 32, listIndent: 96, tableCells: 256 };

export class TooComplexError extends Error {
  constructor(what: string) {
    super(`Markdown nesting too deep for the Markdown parser (${what}).`);
  }
}

function checkComplexity(src: string): void {
  for (const line of src.split('\n')) {
    let depth = 0;
    let i = 0;
    while (i < line.length && (line[i] === '>' || line[i] === ' ' || line[i] === '\t')) {
      if (line[i] === '>') depth++;
      i++;
    }
    if (depth > LIMITS.quoteDepth) throw new TooComplexError('block quotes');
    const indent = expandTabs(line.slice(0, line.length - line.trimStart().length)).length;
    if (indent > LIMITS.listIndent && /^\s*(?:[-*+]|\d{1,9}[.)])(?:\s|$)/.test(line))
      throw new TooComplexError('lists');
    if (line.length > LIMITS.tableCells && line.split('|').length > LIMITS.tableCells) {
      throw new TooComplexError('table columns');
    }
  }
}

/** `push(...many)` overflows the call stack past ~100k arguments; a 5 MB input can get there. */
function append<T>(to: T[], from: T[]): void {
  for (const x of from) to.push(x);
}

const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const FENCE_CLOSE = /^ {0,3}(`{3,}|~{3,})[ \t]*$/;

/**
 * Lines where a chunk may start: column-0 ATX headings outside fenced code and HTML comments
 * (`# comment` lines in a bash block are common). Only a guess for speed: a wrong guess is caught
 * when the chunk's stand-in heading is swallowed, and costs time, never correctness.
 */
function cutPoints(lines: string[], from: number): number[] {
  const cuts = [0];
  let fence: string | null = null;
  let comment = false;
  for (let i = from; i < lines.length; i++) {
    const line = lines[i]!;
    if (fence !== null) {
      const close = FENCE_CLOSE.exec(line);
      if (close && close[1]![0] === fence[0] && close[1]!.length >= fence.length) fence = null;
      continue;
    }
    if (comment) {
      comment = !line.includes('-->');
      continue;
    }
    const open = FENCE_OPEN.exec(line);
    if (open && !(open[1]![0] === '`' && open[2]!.includes('`'))) {
      fence = open[1]!;
      continue;
    }
    if (/^ {0,3}<!--/.test(line)) {
      comment = !line.slice(line.indexOf('<!--') + 4).includes('-->');
      continue;
    }
    if (HEADING_START.test(line)) cuts.push(i);
  }
  cuts.push(lines.length);
  return cuts;
}

export function parseBlocks(text: string): BlockParse {
  const lines = text.split('\n');
  const starts: number[] = new Array(lines.length);
  let off = 0;
  for (let i = 0; i < lines.length; i++) {
    starts[i] = off;
    off += lines[i]!.length + 1;
  }
  const fmEnd = frontMatterEnd(lines);
  const cuts = cutPoints(lines, Math.max(1, fmEnd));

  const nodes: BNode[] = [];
  const stats = { fast: 0, remark: 0 };
  for (let c = 0; c < cuts.length - 1; c++) {
    const from = cuts[c]!;
    const to = cuts[c + 1]!;
    // Chunk 0 may hold front matter, which only remark understands.
    const fm = c === 0 && fmEnd > 0;
    const fast = !fm ? fastBlocks(lines.slice(from, to), starts[from]!, from + 1) : null;
    if (fast) {
      stats.fast++;
      append(nodes, fast);
      continue;
    }
    stats.remark++;
    const base = starts[from]!;
    if (to >= lines.length) {
      const src = text.slice(base);
      checkComplexity(src);
      append(nodes, remarkBlocks(src, base, from + 1, fm).nodes);
      break;
    }
    // Parsed as if the next heading followed (`#` stands in for it), so the chunk ends exactly as
    // it does inside the whole document. When its last block swallows that line (an unclosed
    // fence or HTML block), remark parses the rest of the document in one go.
    const src = `${text.slice(base, starts[to]!)}#`;
    checkComplexity(src);
    const parsed = remarkBlocks(src, base, from + 1, fm).nodes;
    const stand = parsed.pop();
    if (stand?.type === 'heading' && stand.start === base + src.length - 1) {
      append(nodes, parsed);
      continue;
    }
    const rest = text.slice(base);
    checkComplexity(rest);
    append(nodes, remarkBlocks(rest, base, from + 1, fm).nodes);
    break;
  }
  return { nodes, stats };
}
