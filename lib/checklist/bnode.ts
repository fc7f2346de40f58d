/**
 * The block tree the walker consumes: the part of mdast the checklist rules need, with absolute
 * source positions. Both remark (via `remark-blocks.ts`) and the fast path (`fast-blocks.ts`)
 * produce it, so the walker does not care which one parsed a region.
 */

interface Span {
  /** Absolute offsets into the cleaned text. */
  start: number;
  end: number;
  /** 1-based lines. */
  line: number;
  endLine: number;
}

export interface BHeading extends Span {
  type: 'heading';
  depth: number;
  /** Raw inline Markdown of the heading, lines joined by a space. */
  text: string;
}
export interface BParagraph extends Span {
  type: 'paragraph';
  /** Source lines with indentation and container prefixes removed. */
  lines: string[];
}
export interface BList extends Span {
  type: 'list';
  ordered: boolean;
  children: BListItem[];
}
export interface BListItem extends Span {
  type: 'listItem';
  checked: boolean | null;
  children: BNode[];
}
export interface BCode extends Span {
  type: 'code';
  lang: string | null;
  meta: string | null;
  value: string;
  fenced: boolean;
}
export interface BHtml extends Span {
  type: 'html';
  value: string;
}
export interface BTable extends Span {
  type: 'table';
  /** Cell contents (inline Markdown, trimmed); row 0 is the header. */
  rows: string[][];
}
export interface BBlockquote extends Span {
  type: 'blockquote';
  children: BNode[];
}
export interface BThematicBreak extends Span {
  type: 'thematicBreak';
}
export interface BFrontmatter extends Span {
  type: 'frontmatter';
  value: string;
}
/** Definitions and anything else that carries no checklist meaning. */
export interface BOther extends Span {
  type: 'other';
}

export type BNode =
  | BHeading
  | BParagraph
  | BList
  | BListItem
  | BCode
  | BHtml
  | BTable
  | BBlockquote
  | BThematicBreak
  | BFrontmatter
  | BOther;
