/**
 * Reader for plain-text checklists: `[x]` and `( )` lines, headings (plain-headings.ts), wrapped
 * item text, indented details and commands. Nesting follows indentation (tab stop 4).
 */
import type { Builder, ItemDraft } from './builder';
import { commandLine } from './commands';
import { lineFields } from './fields';
import { expandTabs } from './hygiene';
import { choiceLine, plainTextBox, statusLine } from './lines';
import type { CodeBlock } from './model';
import { BULLET, type Heading, headingAt, hideNonContent, indentOf, isBlank, isRule } from './plain-headings';
import { cleanTitle } from './title';

const FENCE = /^\s*(`{3,}|~{3,})\s*([^`\s]*)/;

/** The item whose indented lines are being read. */
interface OpenItem {
  item: ItemDraft;
  indent: number;
  /** The next indented line still continues the item's text. */
  continuing: boolean;
  detailIndent?: number;
  inDetail?: boolean;
  /** The code block that consecutive command lines extend. */
  command?: { block: CodeBlock; indent: number };
}

class PlainTextReader {
  private readonly lines: string[];
  private readonly counted: Set<number>;
  private readonly stageMarks: Set<number>;
  private stack: { item: ItemDraft; indent: number }[] = [];
  private open: OpenItem | null = null;
  /** The item a fenced block directly after it belongs to. */
  private follow: ItemDraft | null = null;
  private buffer: string[] = [];
  private seenContent = false;

  constructor(
    text: string,
    private readonly b: Builder,
  ) {
    const hidden = hideNonContent(text);
    this.counted = hidden.counted;
    this.stageMarks = hidden.stages;
    this.lines = hidden.text.split('\n').map((l) => expandTabs(l).trimEnd());
  }

  read(): void {
    for (let i = 0; i < this.lines.length; i++) i = this.line(i);
    this.flush();
  }

  /** Reads line `i`; returns the last line it consumed. */
  private line(i: number): number {
    const l = this.lines[i]!;
    if (isBlank(l)) {
      if (this.buffer.length > 0) this.buffer.push('');
      if (this.open) {
        this.open.continuing = false;
        this.open.inDetail = false;
        this.open.command = undefined;
      }
      return i;
    }
    const fence = FENCE.exec(l);
    if (fence) return this.fence(i, fence[1]!, fence[2]!);
    const h = headingAt(this.lines, i);
    if (h) return this.heading(i, h);
    if (isRule(l)) {
      this.follow = null; // a separator
      return i;
    }
    this.text(i, l);
    return i;
  }

  private flush(): void {
    while (this.buffer.length > 0 && this.buffer.at(-1) === '') this.buffer.pop();
    if (this.buffer.length > 0) this.b.addContent(this.buffer.join('\n'));
    this.buffer = [];
  }

  private fence(i: number, marker: string, lang: string): number {
    const body: string[] = [];
    const ind = indentOf(this.lines[i]!);
    let j = i + 1;
    for (; j < this.lines.length; j++) {
      const c = this.lines[j]!.trim();
      if (c.startsWith(marker) && /^(`+|~+)$/.test(c)) break;
      body.push(this.lines[j]!.slice(Math.min(ind, indentOf(this.lines[j]!))));
    }
    const code = lang
      ? { lang, value: body.join('\n'), inline: false }
      : { value: body.join('\n'), inline: false };
    const target = this.open && ind > this.open.indent ? this.open.item : this.follow;
    this.b.addCode(code, target);
    if (!target) this.buffer.push(this.lines.slice(i, j + 1).join('\n'));
    this.seenContent = true;
    return j;
  }

  private heading(i: number, h: Heading): number {
    this.flush();
    if (this.b.title === null && !this.seenContent) this.b.title = h.title;
    else {
      let counted = false;
      let stage = false;
      for (let k = i + 1; k <= i + h.span; k++) {
        counted ||= this.counted.has(k);
        stage ||= this.stageMarks.has(k);
      }
      this.b.addSection(h.title, h.level, i + 1, { counted, stage });
    }
    this.b.fallbackTitle ??= cleanTitle(h.title);
    if (h.extra.length > 0) this.b.addContent(h.extra.join('\n'));
    this.stack = [];
    this.open = null;
    this.follow = null;
    this.seenContent = true;
    return i + h.span - 1;
  }

  private text(i: number, l: string): void {
    const b = this.b;
    const t = l.trim();
    const indent = indentOf(l);
    while (this.stack.length > 0 && this.stack.at(-1)!.indent >= indent) this.stack.pop();
    const parent = this.stack.at(-1)?.item ?? null;

    const choice = choiceLine(t);
    if (choice) {
      b.addChoiceField(choice, i + 1);
      this.buffer.push(l);
      this.open = null;
      this.seenContent = true;
      return;
    }
    const status = statusLine(t);
    const box = status ? null : plainTextBox(t);
    if (status || box) {
      const item = b.addLineItem(status ? { status } : { box: box! }, i + 1, parent);
      for (const f of lineFields(t)) b.addField(f, i + 1);
      this.stack.push({ item, indent });
      this.open = { item, indent, continuing: true };
      this.follow = item;
      this.seenContent = true;
      return;
    }
    const fields = lineFields(t);
    for (const f of fields) b.addField(f, i + 1);
    if (this.open && indent > this.open.indent && fields.length === 0) {
      this.indented(this.open, l, t, indent);
      return;
    }
    this.open = null;
    this.follow = null;
    // A plain bullet may be a stage's prerequisite or rollback trigger (stages.ts decides).
    if (BULLET.test(t) && fields.length === 0) b.addBullet(t.replace(BULLET, ''), i + 1);
    if (fields.length === 0) b.fallbackTitle ??= cleanTitle(t);
    if (b.title === null && !this.seenContent && t.length <= 100 && fields.length === 0) {
      b.title = t;
      this.seenContent = true;
      return;
    }
    this.buffer.push(l);
    this.seenContent = true;
  }

  /** A line indented under an item: a command, its wrapped text, or its details. */
  private indented(open: OpenItem, l: string, t: string, indent: number): void {
    const prev = open.command;
    // A line indented deeper than the command above continues it (`  && git push`).
    const command = prev && indent > prev.indent ? t : BULLET.test(t) ? null : commandLine(t);
    if (command !== null) {
      if (prev && indent >= prev.indent) {
        prev.block.value += `\n${' '.repeat(indent - prev.indent)}${command}`;
      } else {
        const block: CodeBlock = { value: command, inline: false };
        this.b.addCode(block, open.item);
        open.command = { block, indent };
      }
      open.continuing = false;
      open.inDetail = false;
      return;
    }
    open.command = undefined;
    // Wrapped text continues the item; bullets and later lines are its details.
    if (open.continuing && !BULLET.test(t)) {
      open.item.lines.push(t);
      return;
    }
    // Consecutive detail lines form one block; a blank line starts the next.
    open.detailIndent ??= indent;
    const detail = l.slice(Math.min(indent, open.detailIndent));
    const details = open.item.details;
    if (open.inDetail && details.length > 0) details[details.length - 1] += `\n${detail}`;
    else details.push(detail);
    open.inDetail = true;
    open.continuing = false;
  }
}

export function readPlainText(text: string, b: Builder): void {
  new PlainTextReader(text, b).read();
}
