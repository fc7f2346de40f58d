/**
 * The parsed checklist model. Plain types only (no zod, no classes) so the model can cross the
 * server/client boundary and be stored as JSON. `json.ts` holds the zod schema of the CLI/API JSON.
 */
import type { SuggestedCheck } from '@/lib/checks/suggest-contract';

export type { SuggestedCheck };

export interface CodeBlock {
  /** Language of a fenced block (`bash`, `json`...); absent for indented blocks and inline code. */
  lang?: string;
  value: string;
  /** true for an inline code span inside the item's text. */
  inline: boolean;
}

export interface Section {
  /** Stable id: derived from the heading path, unique within the checklist. */
  id: string;
  /** Heading text as plain text, decoration emoji removed. */
  title: string;
  /** 1-6 for Markdown headings; plain-text headings get 1 (banners) to 4 (`Label:` lines). */
  level: number;
  parentId: string | null;
  /** Rollback / troubleshooting / contacts...: shown, not counted as progress (rules in reference.ts). */
  reference: boolean;
  /** The heading carries `<!-- liftoff: counted -->`: counted whatever its title says. */
  counted?: boolean;
  /** Code blocks that belong to the section rather than to an item (e.g. "Verification Commands"). */
  code: CodeBlock[];
  /** The section's own non-item content (Markdown, or plain text for plain-text checklists). */
  content: string;
  /** Emoji that decorated the heading (`✅`, `📋`), kept for display. */
  decoration?: string;
  /** 1-based source line of the heading. */
  line: number;
}

/** How an item was written in the source. */
export type ItemKind =
  | 'task' // GFM task list item `- [ ] x`
  | 'box' // `[ ] x` line without a list marker
  | 'glyph' // `☐ x`, `✅ x`, `- ✅ x`
  | 'status' // `**Status**: [ ] Completed` at the end of a step
  | 'heading' // `### [ ] SSH key added`
  | 'table' // a table row with a box in a cell
  | 'bullet'; // a stage's prerequisite written as a plain bullet

export interface Item {
  /** Stable id: derived from the section path, the parent item and the normalised text. */
  id: string;
  /**
   * Inline Markdown as written: links and inline HTML kept (the UI shows HTML as text), HTML
   * comments and the check comment removed, continuation lines joined by a space, runs of
   * blanks collapsed. Status items are named `Step — text` after their section.
   */
  text: string;
  /** As marked in the source (`[x]`, `☑`, `✅`). */
  checked: boolean;
  sectionId: string | null;
  parentId: string | null;
  /** Ids of direct child items, in document order. */
  children: string[];
  /**
   * Attached code: blocks nested in or directly following the item (in plain text, the command
   * lines indented under it), plus inline code (`inline: true`) from its text and nested notes.
   */
  code: CodeBlock[];
  /** Check bound with `<!-- check: ... -->` on the item's line. */
  check?: string;
  suggestedChecks: SuggestedCheck[];
  /** Inherited from the section: reference items are shown but not counted as progress. */
  reference: boolean;
  kind: ItemKind;
  /** Nested non-item content (notes, sub-bullets), Markdown. */
  details?: string;
  /** 1-based source line. */
  line: number;
}

export type FieldKind = 'text' | 'choice' | 'table' | 'signature-table';

export interface Field {
  /** Stable slug, unique within the checklist (`deployed-by`, `after-deployment-p50`). */
  key: string;
  label: string;
  kind: FieldKind;
  /** Trailing unit written after the blank (`ms`, `%`). */
  unit?: string;
  /** Choice options (kind 'choice'). */
  options?: string[];
  /** Options marked in the source (kind 'choice'). */
  selected?: string[];
  /** Column headers after the first column (kinds 'table' and 'signature-table'). */
  columns?: string[];
  /** First-column values (kinds 'table' and 'signature-table'). */
  rows?: string[];
  /** Enclosing label for grouped blanks (`API Response Time:` above `p50: ___ ms`). */
  group?: string;
  sectionId: string | null;
  line: number;
}

export interface SignOff {
  roles: string[];
  /** true when the roles come from a Role/Name/Date/Signature table, false for the defaults. */
  fromTable: boolean;
}

export interface Counts {
  items: number;
  checked: number;
  sections: number;
  /** Fenced and indented code blocks (not inline code). */
  codeBlocks: number;
  fields: number;
  /** Items outside reference sections. */
  progressItems: number;
  progressChecked: number;
  /** Items with a bound check or at least one suggested check: they can verify themselves. */
  verifiable: number;
}

/**
 * A rollback trigger: a bad condition watched while its stage runs. Without a bound check it is
 * a watch list entry for people.
 */
export interface StageTrigger {
  /** Stable id within the checklist. */
  id: string;
  /** The trigger line as written (inline Markdown, trigger comment removed). */
  text: string;
  /** `<!-- trigger: ... -->`: the check whose conditions describe the bad state. */
  check?: string;
  /** The check's `for` duration as written (`2m`), when it has one. */
  for?: string;
  /** The section the trigger line is written in (a `Rollback Triggers` block). */
  sectionId: string | null;
  /** For a trigger without a check: checks its words and its stage's metrics suggest. */
  suggestedChecks?: SuggestedCheck[];
  /** 1-based source line. */
  line: number;
}

/** An item that re-opens every period while its stage is active (`Daily Checks:`). */
export interface RecurringItem {
  itemId: string;
  /** A duration: `1h`, `1d`, `1w`. */
  every: string;
}

/**
 * One stage of a rollout (`Step 2`, `Stage 3 — canary 5%`, `Phase 1`, or a heading marked
 * `<!-- stage -->`): gate items must be done before it starts; triggers are watched while it runs.
 */
export interface Stage {
  /** Stable id within the checklist (from its section). */
  id: string;
  sectionId: string;
  title: string;
  /** Prerequisites / entry criteria: item ids. */
  gate: string[];
  triggers: StageTrigger[];
  recurring: RecurringItem[];
}

export interface Checklist {
  title: string;
  format: 'markdown' | 'text';
  /** Content before the first section (Markdown, or plain text). */
  content: string;
  /** Code blocks before the first section that follow no item. */
  code: CodeBlock[];
  sections: Section[];
  /** Flat, in document order, nested items included. */
  items: Item[];
  fields: Field[];
  signoff: SignOff;
  /**
   * The rollout's stages, in order; empty for a checklist that is not staged. Absent in models
   * stored before stages existed (read them as empty).
   */
  stages?: Stage[];
  counts: Counts;
  /** Notes about repairs made to the input (BOM, mojibake, encoding). */
  warnings: string[];
}

export type ParseErrorCode = 'empty' | 'not_text' | 'too_large' | 'no_items' | 'internal';

export interface ParseError {
  code: ParseErrorCode;
  /** Human-readable, safe to show to a user. */
  message: string;
}

/**
 * `no_items` is an error (the API maps it to 422) but still carries the parsed checklist so an
 * import preview can show what was found.
 */
export type ParseResult =
  | { ok: true; checklist: Checklist }
  | { ok: false; error: ParseError; checklist?: Checklist };

export interface ParseOptions {
  filename?: string;
  /** Replaces the suggested-check library (tests, or callers that want none: `() => []`). */
  suggest?: (input: {
    text: string;
    code: CodeBlock[];
    section?: string[];
    sectionCode?: CodeBlock[];
    documentCode?: CodeBlock[];
    context?: readonly string[];
  }) => (Omit<SuggestedCheck, 'rule' | 'confidence'> & Partial<SuggestedCheck>)[];
  /** Replaces the suggestions for rollback trigger lines (`() => []` for none). */
  suggestTrigger?: (input: {
    text: string;
    context: readonly string[];
  }) => (Omit<SuggestedCheck, 'rule' | 'confidence'> & Partial<SuggestedCheck>)[];
}

export const DEFAULT_SIGNOFF_ROLES: readonly string[] = ['Developer', 'DevOps', 'QA', 'Product Owner'];
