/**
 * remark (unified + remark-parse + remark-gfm + remark-frontmatter) → BNode conversion.
 * Inline content is taken from the source by position so that both parse paths give the
 * walker the same raw inline Markdown.
 */
import type { Nodes, Root, RootContent } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { type Processor, unified } from 'unified';
import type { BListItem, BNode } from './bnode';

/**
 * Inline constructs switched off: the walker reads inline Markdown from the source by position,
 * and micromark's inline tokenizer is quadratic on unclosed brackets, backticks or `<!--` runs
 * (400 ms for a 6 KB line of `[ `). Block structure does not depend on them; the GFM task check
 * (`tasklistCheck`) stays on.
 */
const INLINE_CONSTRUCTS = [
  'attention',
  'autolink',
  'characterEscape',
  'characterReference',
  'codeText',
  'hardBreakEscape',
  'htmlText',
  'labelEnd',
  'labelStartImage',
  'labelStartLink',
  'emailAutolink',
  'protocolAutolink',
  'wwwAutolink',
  'strikethrough',
  'gfmFootnoteCall',
  'gfmPotentialFootnoteCall',
];

/**
 * Tree transforms dropped too: remark-gfm's autolink-literal transform rewrites text nodes that
 * hold a bare URL into link nodes without positions, and inline text is sliced by position (a
 * position-less last child emptied the whole item text).
 */
function dropTransforms(extensions: unknown): void {
  if (Array.isArray(extensions)) for (const e of extensions) dropTransforms(e);
  else if (extensions && typeof extensions === 'object' && 'transforms' in extensions)
    (extensions as { transforms: unknown[] }).transforms = [];
}

function blocksOnly(this: Processor): void {
  const data = this.data() as { micromarkExtensions?: unknown[]; fromMarkdownExtensions?: unknown[] };
  data.micromarkExtensions ??= [];
  data.micromarkExtensions.push({ disable: { null: INLINE_CONSTRUCTS } });
  dropTransforms(data.fromMarkdownExtensions);
}

const processor = unified().use(remarkParse).use(remarkGfm).use(blocksOnly).freeze();
// Only used when the document starts with a closed front matter block: with an unclosed `---` on
// line 1, micromark-extension-frontmatter turns every later list in the document into paragraphs.
const withFrontmatter = unified()
  .use(remarkParse)
  .use(remarkGfm)
  .use(remarkFrontmatter, ['yaml', 'toml'])
  .use(blocksOnly)
  .freeze();

function remarkParseRoot(text: string, frontmatter = false): Root {
  return (frontmatter ? withFrontmatter : processor).parse(text);
}

/** Line index after a closed front matter block at the top of `lines`, or 0 when there is none. */
export function frontMatterEnd(lines: string[]): number {
  const open = lines[0];
  if (open !== '---' && open !== '+++') return 0;
  for (let i = 1; i < lines.length; i++) {
    if (lines[i] === open) return i + 1;
  }
  return 0;
}

interface Ctx {
  src: string;
  /** Offset and line of `src` within the whole document. */
  base: number;
  baseLine: number;
  quoteDepth: number;
}

function span(node: Nodes, ctx: Ctx) {
  const p = node.position;
  const start = p?.start.offset ?? 0;
  const end = p?.end.offset ?? start;
  return {
    start: start + ctx.base,
    end: end + ctx.base,
    line: (p?.start.line ?? 1) + ctx.baseLine - 1,
    endLine: (p?.end.line ?? 1) + ctx.baseLine - 1,
  };
}

/** Source of a node's inline children (empty when it has none). */
function inlineSource(node: Nodes, ctx: Ctx): string {
  if (!('children' in node) || node.children.length === 0) return '';
  const first = node.children[0]!.position;
  const last = node.children[node.children.length - 1]!.position;
  if (!first || !last) return '';
  return ctx.src.slice(first.start.offset ?? 0, last.end.offset ?? 0);
}

const QUOTE_PREFIX = /^[ \t]*(?:>[ \t]?)*/;

function paragraphLines(node: Nodes, ctx: Ctx): string[] {
  const raw = inlineSource(node, ctx);
  return raw.split('\n').map((l) => (ctx.quoteDepth > 0 ? l.replace(QUOTE_PREFIX, '') : l).trim());
}

function isFenced(node: Nodes, ctx: Ctx): boolean {
  const start = node.position?.start.offset ?? 0;
  return /^[ \t]*(?:`{3,}|~{3,})/.test(ctx.src.slice(start, start + 40));
}

function convert(node: RootContent, ctx: Ctx): BNode {
  const s = span(node, ctx);
  switch (node.type) {
    case 'heading':
      return { type: 'heading', depth: node.depth, text: paragraphLines(node, ctx).join(' ').trim(), ...s };
    case 'paragraph':
      return { type: 'paragraph', lines: paragraphLines(node, ctx), ...s };
    case 'list':
      return {
        type: 'list',
        ordered: node.ordered === true,
        children: node.children.map((c) => convert(c, ctx) as BListItem),
        ...s,
      };
    case 'listItem':
      return {
        type: 'listItem',
        checked: typeof node.checked === 'boolean' ? node.checked : null,
        children: node.children.map((c) => convert(c, ctx)),
        ...s,
      };
    case 'code':
      return {
        type: 'code',
        lang: node.lang ?? null,
        meta: node.meta ?? null,
        value: node.value,
        fenced: isFenced(node, ctx),
        ...s,
      };
    case 'html':
      return { type: 'html', value: node.value, ...s };
    case 'table':
      return {
        type: 'table',
        rows: node.children.map((row) => row.children.map((cell) => inlineSource(cell, ctx).trim())),
        ...s,
      };
    case 'blockquote': {
      const inner = { ...ctx, quoteDepth: ctx.quoteDepth + 1 };
      return { type: 'blockquote', children: node.children.map((c) => convert(c, inner)), ...s };
    }
    case 'footnoteDefinition':
      // Its content is ordinary blocks; keep them (a checkbox in a footnote is still a checkbox).
      return { type: 'blockquote', children: node.children.map((c) => convert(c, ctx)), ...s };
    case 'thematicBreak':
      return { type: 'thematicBreak', ...s };
    case 'yaml':
      return { type: 'frontmatter', value: node.value, ...s };
    default: {
      // `toml` front matter is not in mdast's type map; any other node carries no checklist meaning.
      const other = node as { type: string; value?: unknown };
      if (other.type === 'toml' && typeof other.value === 'string')
        return { type: 'frontmatter', value: other.value, ...s };
      return { type: 'other', ...s };
    }
  }
}

/** Parses `src` (a slice of the document starting at `base` / `baseLine`) into BNodes. */
export function remarkBlocks(
  src: string,
  base: number,
  baseLine: number,
  frontmatter = false,
): { nodes: BNode[] } {
  const root = remarkParseRoot(src, frontmatter);
  const ctx: Ctx = { src, base, baseLine, quoteDepth: 0 };
  return { nodes: root.children.map((c) => convert(c, ctx)) };
}
