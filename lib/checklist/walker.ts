/**
 * Markdown walker: block tree → Builder. Applies the checklist rules to headings, paragraph lines,
 * list items, tables and code blocks.
 */

import { replaceHtmlComments } from '@/lib/core/html-comments';
import type { BCode, BHeading, BListItem, BNode, BTable } from './bnode';
import type { Builder, ItemDraft } from './builder';
import { isEmptyTable, isSignoffTable, lineFields, tableRows } from './fields';
import { BINDING_COMMENT, codeSpans, stripComments, toPlain } from './inline';
import { choiceLine, leadingBox, statusLine } from './lines';
import type { CodeBlock } from './model';
import { COUNTED_MARKER } from './reference';
import { STAGE_MARKER } from './stages';
import { cleanTitle, frontMatterTitle, titleHeading } from './title';

interface Ctx {
  /** Innermost enclosing item (list item or heading item), for nesting and code. */
  item: ItemDraft | null;
  /** Where non-item content goes: the section, or the enclosing item's details. */
  sink: (markdown: string) => void;
  /** Inside a plain bullet: its nested bullets are its details, not prerequisites or triggers. */
  inBullet?: boolean;
}

const PLAIN_LANGS = new Set(['', 'text', 'txt', 'plain', 'plaintext', 'markdown', 'md']);

/** Removes HTML comments except `check:` bindings, so hidden boxes never become items. */
const hideComments = (src: string) => replaceHtmlComments(src, '', (head) => BINDING_COMMENT.test(head));

function dedent(src: string): string {
  const lines = src.split('\n');
  const indentOf = (l: string) => l.length - l.trimStart().length;
  let min = Number.POSITIVE_INFINITY;
  for (const l of lines.slice(1)) if (l.trim() !== '') min = Math.min(min, indentOf(l));
  if (min === Number.POSITIVE_INFINITY) return src;
  return lines.map((l, i) => (i === 0 ? l : l.slice(Math.min(min, indentOf(l))))).join('\n');
}

/** `### [ ] SSH key added`: a heading that is an item (a glyph is decoration, not a box). */
function isHeadingItem(h: BHeading): boolean {
  const box = leadingBox(hideComments(h.text));
  return box !== null && !box.glyph;
}

const fenced = (c: CodeBlock) => `\`\`\`${c.lang ?? ''}\n${c.value}\n\`\`\``;

export class MarkdownWalker {
  private headingItems: { item: ItemDraft; depth: number }[] = [];
  private titleNode: BHeading | null = null;
  /** The title heading opens no section (it is the first heading and alone at its level). */
  private titleOnly = false;

  constructor(
    private readonly b: Builder,
    private readonly text: string,
  ) {}

  walk(nodes: BNode[]): void {
    const fm = nodes.find((n) => n.type === 'frontmatter');
    if (fm?.type === 'frontmatter') this.b.title = frontMatterTitle(fm.value);
    const headings = nodes.filter((n): n is BHeading => n.type === 'heading');
    const title = titleHeading(headings);
    if (title) {
      // A heading item (`# [ ] Release 2.4`) names the document too, and stays an item.
      const item = isHeadingItem(title.node);
      this.b.title ??= cleanTitle(item ? leadingBox(hideComments(title.node.text))!.text : title.node.text);
      this.titleNode = title.node;
      this.titleOnly = title.titleOnly && !item;
    }
    const rootCtx: Ctx = { item: null, sink: (md) => this.b.addContent(md) };
    this.walkBlocks(nodes, rootCtx, true);
  }

  private get headingItem(): ItemDraft | null {
    return this.headingItems.at(-1)?.item ?? null;
  }

  /** Walks sibling blocks; returns the last item produced (for "code directly following"). */
  private walkBlocks(nodes: BNode[], ctx: Ctx, root: boolean): ItemDraft | null {
    let follow: ItemDraft | null = null;
    for (const node of nodes) {
      const c: Ctx = root ? { item: this.headingItem, sink: ctx.sink } : ctx;
      switch (node.type) {
        case 'heading':
          follow = root ? this.heading(node) : this.paragraph([node.text], node.line, c);
          break;
        case 'paragraph':
          // `**Prerequisites:**` labels what follows it; any other text ends such a label.
          if (root) this.b.labelParagraph(hideComments(node.lines[0] ?? ''));
          follow = this.paragraph(node.lines, node.line, c);
          break;
        case 'list': {
          // Consecutive non-item entries stay one Markdown list in the content.
          const plain: string[] = [];
          for (const li of node.children) {
            const r = this.listItem(li, c);
            follow = r.last;
            if (r.content !== undefined) plain.push(r.content);
            else if (plain.length > 0) c.sink(plain.splice(0).join('\n'));
          }
          if (plain.length > 0) c.sink(plain.join('\n'));
          break;
        }
        case 'code':
          // At the root a heading item is only the scope, the item just above is more specific;
          // inside a list item the code is indented under that item.
          this.code(node, root ? (follow ?? c.item) : (c.item ?? follow), c);
          break;
        case 'html':
          break; // transparent: a comment between an item and its code keeps them together
        case 'table':
          follow = this.table(node, c);
          break;
        case 'blockquote':
          follow = this.walkBlocks(node.children, c, false);
          break;
        default:
          follow = null;
      }
    }
    return follow;
  }

  private heading(node: BHeading): ItemDraft | null {
    if (node === this.titleNode && this.titleOnly) return null;
    while (this.headingItems.length > 0 && this.headingItems.at(-1)!.depth >= node.depth)
      this.headingItems.pop();
    const text = hideComments(node.text);
    const box = isHeadingItem(node) ? leadingBox(text) : null;
    if (box) {
      this.b.closeSections(node.depth);
      const item = this.b.addItem({
        text: box.text,
        checked: box.checked,
        kind: 'heading',
        line: node.line,
        parent: this.headingItem,
      });
      this.headingItems.push({ item, depth: node.depth });
      return item;
    }
    this.b.addSection(text, node.depth, node.line, {
      counted: COUNTED_MARKER.test(node.text),
      stage: STAGE_MARKER.test(node.text),
      titlesDocument: node === this.titleNode,
    });
    return null;
  }

  /**
   * Paragraph lines: box lines, status lines and choice lines become items / fields; other lines
   * continue the item above them or are content. `current` is an item whose text the first lines
   * continue (a task item's own paragraph); box lines there (`- [ ] a` then a lazy `[ ] b`) are
   * its siblings, so they get `current`'s parent.
   */
  private paragraph(
    rawLines: string[],
    line: number,
    ctx: Ctx,
    current: ItemDraft | null = null,
  ): ItemDraft | null {
    const parent = current ? current.parent : ctx.item;
    const lines = hideComments(rawLines.join('\n')).split('\n');
    let last: ItemDraft | null = null;
    let cur = current;
    let trailingContent = false;
    const keep: string[] = [];
    lines.forEach((l, i) => {
      trailingContent = false;
      const at = line + i;
      const visible = stripComments(l).text;
      if (i === 0 && current) {
        this.fieldsOf(visible, at);
        return;
      }
      const choice = choiceLine(visible);
      if (choice) {
        this.b.addChoiceField(choice, at);
        cur = null;
        return;
      }
      const status = statusLine(visible);
      const box = status ? null : leadingBox(l);
      if (status || box) {
        const item = this.b.addLineItem(status ? { status } : { box: box! }, at, parent);
        const check = status ? stripComments(l).check : undefined;
        if (check) item.lines.push(`<!-- check: ${check} -->`);
        this.fieldsOf(visible, at);
        cur = item;
        last = item;
        return;
      }
      const fields = this.fieldsOf(visible, at);
      if (cur && fields === 0) {
        cur.lines.push(l);
        return;
      }
      cur = null;
      trailingContent = true;
      keep.push(l);
    });
    if (keep.length > 0) {
      // Notes under an item belong to the item: only lines outside items can title the document.
      if (!ctx.item) this.b.fallbackTitle ??= keep.map((k) => cleanTitle(k)).find((t) => t !== null) ?? null;
      ctx.sink(keep.join('\n'));
      for (const k of keep) this.inlineCodeTo(ctx.item, k);
    }
    // Content after the last item breaks "directly follows".
    return trailingContent ? null : last;
  }

  private fieldsOf(line: string, at: number): number {
    const found = lineFields(line);
    for (const f of found) this.b.addField(f, at);
    return found.length;
  }

  /** Inline code in an item's nested content belongs to the item too. */
  private inlineCodeTo(item: ItemDraft | null, src: string): void {
    if (!item) return;
    for (const s of codeSpans(src)) item.code.push({ value: s.value, inline: true });
  }

  private listItem(li: BListItem, ctx: Ctx): { last: ItemDraft | null; content?: string } {
    const first = li.children[0];
    const firstLine = first?.type === 'paragraph' ? (first.lines[0] ?? '') : '';
    let item: ItemDraft | null = null;
    if (li.checked !== null) {
      item = this.b.addItem({
        text: firstLine,
        checked: li.checked,
        kind: 'task',
        line: li.line,
        parent: ctx.item,
      });
    } else if (first?.type === 'paragraph') {
      const visible = stripComments(hideComments(firstLine)).text;
      const box = choiceLine(visible) || statusLine(visible) ? null : leadingBox(hideComments(firstLine));
      if (box) item = this.b.addLineItem({ box }, li.line, ctx.item);
    }
    if (!item) {
      // Not an item: its content is content of the enclosing context, its items nest as usual.
      const before = this.b.items.length;
      const last = this.walkBlocks(li.children, { item: ctx.item, sink: () => {}, inBullet: true }, false);
      // A plain bullet may be a stage's prerequisite or rollback trigger (stages.ts decides).
      if (!ctx.item && !ctx.inBullet && first?.type === 'paragraph')
        this.b.addBullet(first.lines.join(' '), li.line);
      if (this.b.items.length === before) return { last, content: dedent(this.text.slice(li.start, li.end)) };
      return { last };
    }
    const details: string[] = [];
    const inner: Ctx = { item, sink: (md) => details.push(md) };
    let last: ItemDraft | null = item;
    const rest = li.children;
    if (first?.type === 'paragraph') {
      const p = this.paragraph(first.lines, first.line, inner, item);
      if (p) last = p;
    }
    const nested = this.walkBlocks(first?.type === 'paragraph' ? rest.slice(1) : rest, inner, false);
    if (nested) last = nested;
    for (const d of details) item.details.push(d);
    return { last };
  }

  private code(node: BCode, target: ItemDraft | null, ctx: Ctx): void {
    const code: CodeBlock = node.lang
      ? { lang: node.lang, value: node.value, inline: false }
      : { value: node.value, inline: false };
    this.b.addCode(code, target);
    if (!target) ctx.sink(fenced(code));
    if (PLAIN_LANGS.has((node.lang ?? '').toLowerCase())) this.codeFields(node);
  }

  /** Blanks in plain code blocks (`p50: _____ ms` under `API Response Time:`) are fields too. */
  private codeFields(node: BCode): void {
    const headers: { indent: number; label: string }[] = [];
    const offset = node.fenced ? 1 : 0;
    node.value.split('\n').forEach((l, i) => {
      if (l.trim() === '') return;
      const indent = l.length - l.trimStart().length;
      while (headers.length > 0 && headers.at(-1)!.indent >= indent) headers.pop();
      const found = lineFields(l);
      if (found.length === 0) {
        const h = /^\s*([^:]{1,60}):\s*$/.exec(l);
        if (h) headers.push({ indent, label: toPlain(h[1]!) });
        return;
      }
      const group = headers.at(-1)?.label;
      for (const f of found) this.b.addField(group ? { ...f, group } : f, node.line + offset + i);
    });
  }

  private table(node: BTable, ctx: Ctx): ItemDraft | null {
    const [header = [], ...body] = node.rows.map((r) => r.map((c) => hideComments(c)));
    const shape = { header, body };
    let last: ItemDraft | null = null;
    body.forEach((row, r) => {
      const boxes = row.map((c) => leadingBox(c.trim()));
      if (!boxes.some((b) => b !== null)) return;
      const labelCell = boxes[0] ? boxes[0].text : row[0]!;
      const label =
        labelCell.trim() !== ''
          ? labelCell
          : (row.find((c, i) => i > 0 && !boxes[i] && c.trim() !== '') ?? boxes.find((b) => b)?.text ?? '');
      last = this.b.addItem({
        text: label.trim(),
        checked: boxes.every((b) => b === null || b.checked),
        kind: 'table',
        line: node.line + 2 + r,
        parent: ctx.item,
      });
    });
    const signoff = isSignoffTable(shape);
    if (signoff) {
      this.b.signoffRoles ??= tableRows(shape);
      this.b.addField(
        {
          label: 'Sign-off',
          kind: 'signature-table',
          columns: header.slice(1).map(toPlain),
          rows: tableRows(shape),
        },
        node.line,
      );
    } else if (last === null && isEmptyTable(shape)) {
      this.b.addField(
        {
          label: this.b.section?.title || toPlain(header[0] ?? '') || 'Table',
          kind: 'table',
          columns: header.slice(1).map(toPlain),
          rows: tableRows(shape),
        },
        node.line,
      );
    }
    if (last === null && !signoff) ctx.sink(dedent(this.text.slice(node.start, node.end)));
    return last;
  }
}
