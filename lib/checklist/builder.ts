/**
 * Accumulates what a reader finds (sections, items, code, content, fields, sign-off) and turns it
 * into a Checklist: ids, reference flags, inline code, suggested checks, counts.
 */
import type { RawField } from './fields';
import { IdAllocator, normalizePlain, normalizeText, shortHash, slugify, UniqueNames } from './ids';
import { codeSpans, stripComments, toPlain, undecorate } from './inline';
import type { ChoiceLine, LeadingBox, StatusLine } from './lines';
import {
  type Checklist,
  type CodeBlock,
  DEFAULT_SIGNOFF_ROLES,
  type Field,
  type FieldKind,
  type Item,
  type ItemKind,
  type ParseOptions,
  type Section,
  type Stage,
  type StageTrigger,
  type SuggestedCheck,
} from './model';
import { BULLET } from './plain-headings';
import { resolveReference } from './reference';
import { type BlockTag, blockOf, planStages, type StageBullet, triggerIds } from './stages';
import { titleFromFilename } from './title';

export interface SectionDraft {
  id: string;
  title: string;
  level: number;
  parent: SectionDraft | null;
  /** Set by `finish` (see reference.ts). */
  reference: boolean;
  counted: boolean;
  titlesDocument: boolean;
  ownItems: number;
  code: CodeBlock[];
  content: string[];
  decoration?: string;
  line: number;
  path: string;
  /** Carries `<!-- stage -->` on its heading line. */
  stageMark: boolean;
  /** A labelled block (prerequisites, rollback triggers, daily checks): see stages.ts. */
  block?: BlockTag;
}

export interface ItemDraft {
  /** Raw inline Markdown lines (joined with a space when finished). */
  lines: string[];
  checked: boolean;
  kind: ItemKind;
  section: SectionDraft | null;
  parent: ItemDraft | null;
  children: ItemDraft[];
  code: CodeBlock[];
  details: string[];
  line: number;
  /** The labelled block the item was written in (see stages.ts). */
  block?: BlockTag;
}

interface FieldDraft {
  label: string;
  kind: FieldKind;
  unit?: string;
  options?: string[];
  selected?: string[];
  columns?: string[];
  rows?: string[];
  group?: string;
  section: SectionDraft | null;
  line: number;
}

export type SuggestFn = NonNullable<ParseOptions['suggest']>;
export type SuggestTriggerFn = NonNullable<ParseOptions['suggestTrigger']>;

export class Builder {
  title: string | null = null;
  /** The first line that is neither an item nor a comment: the title when nothing better exists. */
  fallbackTitle: string | null = null;
  readonly preamble: string[] = [];
  readonly preambleCode: CodeBlock[] = [];
  readonly sections: SectionDraft[] = [];
  readonly items: ItemDraft[] = [];
  readonly fields: FieldDraft[] = [];
  signoffRoles: string[] | null = null;
  /** Plain bullets in labelled blocks: a stage's prerequisites or triggers once stages are known. */
  readonly bullets: StageBullet<SectionDraft>[] = [];
  /** A Markdown `**Prerequisites:**` paragraph labels the lists after it, until the next heading or text. */
  private pendingBlock: BlockTag | undefined;
  private stack: SectionDraft[] = [];
  private readonly sectionIds = new IdAllocator();

  constructor(readonly format: 'markdown' | 'text') {}

  get section(): SectionDraft | null {
    return this.stack.at(-1) ?? null;
  }

  /** A heading item at `level` ends the sections at that level and below. */
  closeSections(level: number): void {
    while (this.stack.length > 0 && this.stack.at(-1)!.level >= level) this.stack.pop();
  }

  addSection(
    rawTitle: string,
    level: number,
    line: number,
    mark: { counted?: boolean; titlesDocument?: boolean; stage?: boolean } = {},
  ): SectionDraft {
    this.pendingBlock = undefined;
    while (this.stack.length > 0 && this.stack.at(-1)!.level >= level) this.stack.pop();
    const parent = this.stack.at(-1) ?? null;
    const { title, decoration } = undecorate(toPlain(stripComments(rawTitle).text));
    const path = `${parent?.path ?? ''}/${normalizeText(title)}`;
    const s: SectionDraft = {
      id: this.sectionIds.allocate('section', title, path),
      title,
      level,
      parent,
      reference: false,
      counted: mark.counted ?? false,
      titlesDocument: mark.titlesDocument ?? false,
      ownItems: 0,
      code: [],
      content: [],
      line,
      path,
      stageMark: mark.stage ?? false,
      ...(decoration ? { decoration } : {}),
    };
    const block = blockOf(title);
    if (block) s.block = block;
    this.sections.push(s);
    this.stack.push(s);
    return s;
  }

  addItem(d: {
    text: string;
    checked: boolean;
    kind: ItemKind;
    line: number;
    parent: ItemDraft | null;
  }): ItemDraft {
    const item: ItemDraft = {
      lines: [d.text],
      checked: d.checked,
      kind: d.kind,
      section: this.section,
      parent: d.parent,
      children: [],
      code: [],
      details: [],
      line: d.line,
    };
    const block = this.currentBlock();
    if (block) item.block = block;
    d.parent?.children.push(item);
    if (this.section) this.section.ownItems++;
    this.items.push(item);
    return item;
  }

  private currentBlock(): BlockTag | undefined {
    return this.pendingBlock ?? this.section?.block;
  }

  /** A label line (`**Prerequisites:**`) or text that ends the label's reach. */
  labelParagraph(text: string): void {
    this.pendingBlock = blockOf(text);
  }

  /** A plain bullet (not an item): kept when it is in a labelled block. */
  addBullet(text: string, line: number): void {
    const block = this.currentBlock();
    if (block && block.kind !== 'recurring') this.bullets.push({ section: this.section, block, text, line });
  }

  /** An item from a box line or a status line (`**Status**: [ ] Completed`, named after its step). */
  addLineItem(
    found: { status: StatusLine } | { box: LeadingBox },
    line: number,
    parent: ItemDraft | null,
  ): ItemDraft {
    if ('box' in found) {
      const { box } = found;
      return this.addItem({
        text: box.text,
        checked: box.checked,
        kind: box.glyph ? 'glyph' : 'box',
        line,
        parent,
      });
    }
    const { status } = found;
    const step = this.section?.title;
    const text = step ? `${step} — ${status.text || status.label}` : `${status.label}: ${status.text}`;
    return this.addItem({ text, checked: status.checked, kind: 'status', line, parent });
  }

  /** Several boxes on one line (`**Release type**: [ ] Patch [ ] Minor`): a choice field. */
  addChoiceField(choice: ChoiceLine, line: number): void {
    this.addField(
      {
        label: choice.label ?? this.section?.title ?? 'Choice',
        kind: 'choice',
        options: choice.options.map((o) => toPlain(o.text)),
        selected: choice.options.filter((o) => o.checked).map((o) => toPlain(o.text)),
      },
      line,
    );
  }

  /** Code goes to an item, else to the current section, else to the preamble. */
  addCode(code: CodeBlock, item: ItemDraft | null): void {
    if (item) item.code.push(code);
    else if (this.section) this.section.code.push(code);
    else this.preambleCode.push(code);
  }

  addContent(markdown: string): void {
    if (markdown.trim() === '') return;
    (this.section?.content ?? this.preamble).push(markdown);
  }

  addField(f: RawField & Partial<FieldDraft> & { kind?: FieldKind }, line: number): void {
    this.fields.push({ ...f, kind: f.kind ?? 'text', section: this.section, line });
  }

  finish(opts: {
    suggest: SuggestFn;
    suggestTrigger?: SuggestTriggerFn;
    filename?: string;
    warnings: string[];
  }): Checklist {
    const stagePlans = this.planStages();
    resolveReference(this.sections);
    const sections: Section[] = this.sections.map((s) => ({
      id: s.id,
      title: s.title,
      level: s.level,
      parentId: s.parent?.id ?? null,
      reference: s.reference,
      ...(s.counted ? { counted: true } : {}),
      code: s.code,
      content: s.content.join('\n\n'),
      ...(s.decoration ? { decoration: s.decoration } : {}),
      line: s.line,
    }));
    const itemIds = new IdAllocator();
    const ids = new Map<ItemDraft, string>();
    const norms = new Map<ItemDraft, string>();
    const items: Item[] = [];
    const rejected = new Map<ItemDraft, Set<string>>();
    for (const d of this.items) {
      const raw = d.lines.length === 1 ? d.lines[0]! : d.lines.filter((l) => l !== '').join(' ');
      const { text, check, reject } = stripComments(raw);
      if (reject) rejected.set(d, new Set(reject));
      const plain = toPlain(text);
      const norm = normalizePlain(plain);
      norms.set(d, norm);
      const parentPath = d.parent ? (norms.get(d.parent) ?? '') : '';
      const id = itemIds.allocate('item', plain, `${d.section?.path ?? ''}//${parentPath}//${norm}`);
      ids.set(d, id);
      const inline = codeSpans(text).map((s): CodeBlock => ({ value: s.value, inline: true }));
      const item: Item = {
        id,
        text,
        checked: d.checked,
        sectionId: d.section?.id ?? null,
        parentId: d.parent ? (ids.get(d.parent) ?? null) : null,
        children: [],
        code: [...inline, ...d.code],
        suggestedChecks: [],
        reference: d.section?.reference ?? false,
        kind: d.kind,
        line: d.line,
      };
      if (check) item.check = check;
      if (d.details.length > 0) item.details = d.details.join('\n\n');
      items.push(item);
    }
    const byDraft = new Map(this.items.map((d, i) => [d, items[i]!]));
    const item = (i: number) => items[i]!;
    for (const d of this.items) {
      byDraft.get(d)!.children = d.children.map((c) => ids.get(c)!);
    }
    // What the suggestion rules read around an item, built once and shared (never copied per item).
    const documentCode = [...this.preambleCode, ...this.sections.flatMap((s) => s.code)];
    // Where metrics are named: every item's lines and notes, every section's prose.
    const context: string[] = [];
    for (const d of this.items) context.push(...d.lines, ...d.details);
    for (const s of this.sections) context.push(...s.content);
    const titles = new Map<SectionDraft | null, string[]>();
    const noCode: CodeBlock[] = [];
    this.items.forEach((d, i) => {
      const section = d.section ?? null;
      let path = titles.get(section);
      if (!path) {
        path = sectionTitles(section);
        titles.set(section, path);
      }
      item(i).suggestedChecks = safeSuggest(opts.suggest, item(i), {
        section: path,
        sectionCode: section?.code ?? noCode,
        documentCode,
        context,
      });
    });
    // A suggestion someone rejected (`<!-- reject: … -->` on the item's line) is not offered again.
    for (const [d, no] of rejected) {
      const item = byDraft.get(d)!;
      item.suggestedChecks = item.suggestedChecks.filter((s) => !no.has(s.check));
    }

    const stages: Stage[] = stagePlans.map((p) => ({
      id: p.id,
      sectionId: p.section.id,
      title: p.title,
      gate: p.gate.map((d) => ids.get(d)!),
      triggers: this.withSuggestions(triggerIds(p.id, p.triggers), p.section, opts.suggestTrigger),
      recurring: p.recurring.map((r) => ({ itemId: ids.get(r.item)!, every: r.every })),
    }));
    const fields = this.finishFields();
    const codeBlocks =
      this.preambleCode.length +
      this.sections.reduce((n, s) => n + s.code.length, 0) +
      // Inline spans from nested notes live in `d.code` too; only blocks count.
      this.items.reduce((n, d) => n + d.code.filter((c) => !c.inline).length, 0);
    const progress = items.filter((i) => !i.reference);
    return {
      title: this.title ?? this.fallbackTitle ?? titleFromFilename(opts.filename) ?? 'Untitled checklist',
      format: this.format,
      content: this.preamble.join('\n\n'),
      code: this.preambleCode,
      sections,
      items,
      fields,
      signoff: this.signoffRoles
        ? { roles: this.signoffRoles, fromTable: true }
        : { roles: [...DEFAULT_SIGNOFF_ROLES], fromTable: false },
      stages,
      counts: {
        items: items.length,
        checked: items.filter((i) => i.checked).length,
        sections: sections.length,
        codeBlocks,
        fields: fields.length,
        progressItems: progress.length,
        progressChecked: progress.filter((i) => i.checked).length,
        verifiable: items.filter((i) => i.check || i.suggestedChecks.length > 0).length,
      },
      warnings: opts.warnings,
    };
  }

  /**
   * Finds the rollout's stages; a stage's prerequisite bullets become items (in document
   * order) and its trigger lines stop being items.
   */
  private planStages() {
    const plans = planStages<SectionDraft, ItemDraft>(
      this.sections,
      this.items,
      this.bullets,
      (b): ItemDraft => ({
        lines: [b.text],
        checked: false,
        kind: 'bullet',
        section: b.section,
        parent: null,
        children: [],
        code: [],
        details: [],
        line: b.line,
        ...(b.block ? { block: b.block } : {}),
      }),
      (d) => d.lines[0] ?? '',
    );
    const dropped = new Set(plans.flatMap((p) => p.triggerItems));
    const added = plans.flatMap((p) => p.gate.filter((d) => !this.items.includes(d)));
    if (dropped.size === 0 && added.length === 0) return plans;
    const kept = this.items.filter((d) => !dropped.has(d));
    for (const d of dropped) {
      if (d.section) d.section.ownItems--;
      if (d.parent) d.parent.children = d.parent.children.filter((c) => c !== d);
    }
    for (const d of added) if (d.section) d.section.ownItems++;
    // Bullets that became prerequisites or triggers are no longer the section's prose.
    const converted = new Set(plans.flatMap((p) => [...p.convertedBullets]));
    for (const s of this.sections) {
      const mine = this.bullets.filter((b) => b.section === s && converted.has(b));
      if (mine.length > 0) s.content = withoutBullets(s.content, mine);
    }
    const merged = [...kept, ...added].sort((a, b) => a.line - b.line);
    this.items.splice(0, this.items.length, ...merged);
    return plans;
  }

  /** Triggers without a check get the checks their words and their stage's metrics suggest. */
  private withSuggestions(
    triggers: StageTrigger[],
    stage: SectionDraft,
    suggest?: SuggestTriggerFn,
  ): StageTrigger[] {
    if (!suggest || triggers.every((t) => t.check)) return triggers;
    const inStage = (s: SectionDraft | null) => {
      for (let at = s; at; at = at.parent) if (at === stage) return true;
      return false;
    };
    const context = [
      ...this.items
        .filter((d) => inStage(d.section))
        .flatMap((d) => [...d.lines, ...d.details, ...d.code.map((c) => c.value)]),
      ...this.sections.filter(inStage).flatMap((s) => s.content),
    ];
    return triggers.map((t) => {
      if (t.check) return t;
      let found: SuggestedCheck[] = [];
      try {
        found = suggest({ text: t.text, context }).map((s) => ({
          check: s.check,
          source: s.source,
          rule: s.rule ?? 'trigger',
          confidence: s.confidence ?? 1,
        }));
      } catch {
        // The suggestion library is someone else's code: a failure there must not fail the import.
      }
      return found.length ? { ...t, suggestedChecks: found } : t;
    });
  }

  /** Keys: the label's slug; when two fields share it, prefixed by their section's slug. */
  private finishFields(): Field[] {
    const slugCount = new Map<string, number>();
    const slugs = this.fields.map((f) => slugify(f.label) || 'field');
    for (const s of slugs) slugCount.set(s, (slugCount.get(s) ?? 0) + 1);
    const names = new UniqueNames();
    return this.fields.map((f, i) => {
      let key = slugs[i]!;
      if ((slugCount.get(key) ?? 0) > 1 && f.section)
        key = `${slugify(f.section.title, 30) || shortHash(f.section.path)}-${key}`;
      const field: Field = {
        key: names.take(key),
        label: f.label,
        kind: f.kind,
        sectionId: f.section?.id ?? null,
        line: f.line,
      };
      if (f.unit) field.unit = f.unit;
      if (f.options) field.options = f.options;
      if (f.selected) field.selected = f.selected;
      if (f.columns) field.columns = f.columns;
      if (f.rows) field.rows = f.rows;
      if (f.group) field.group = f.group;
      return field;
    });
  }
}

/** Section prose minus the lines of the given bullets. */
function withoutBullets(content: string[], bullets: readonly StageBullet<SectionDraft>[]): string[] {
  const gone = new Set(bullets.map((b) => b.text.trim()));
  return content
    .map((chunk) =>
      chunk
        .split('\n')
        .filter((l) => !(BULLET.test(l.trim()) && gone.has(l.trim().replace(BULLET, '').trim())))
        .join('\n'),
    )
    .filter((chunk) => chunk.trim() !== '');
}

/** Titles of the section and its parents, outermost first: what the rules read the item in. */
function sectionTitles(section: SectionDraft | null): string[] {
  const out: string[] = [];
  for (let s = section; s; s = s.parent) out.unshift(s.title);
  return out;
}

/** The suggestion library is someone else's code: a failure there must not fail the import. */
function safeSuggest(
  suggest: SuggestFn,
  item: Item,
  around: {
    section: string[];
    sectionCode: CodeBlock[];
    documentCode: CodeBlock[];
    context: readonly string[];
  },
): SuggestedCheck[] {
  try {
    const out = suggest({ text: item.text, code: item.code, ...around });
    return Array.isArray(out)
      ? out
          .filter((s) => s && typeof s.check === 'string' && typeof s.source === 'string')
          .map((s) => ({
            check: s.check,
            source: s.source,
            rule: typeof s.rule === 'string' ? s.rule : 'command',
            confidence: typeof s.confidence === 'number' ? s.confidence : 1,
          }))
      : [];
  } catch {
    return [];
  }
}
