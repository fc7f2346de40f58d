/**
 * Contract between the checklist importer (lib/checklist) and the check library (lib/checks).
 * The importer hands each item's text and the code attached to it; lib/checks answers with
 * check strings in the SPEC syntax. No shell command is ever executed.
 */
export interface SuggestInput {
  /** The item's text as written (inline Markdown, inline code kept with backticks). */
  text: string;
  /** Code attached to the item, in document order: fenced/indented blocks and inline code spans. */
  code: { lang?: string; value: string; inline: boolean }[];
}

export interface SuggestedCheck {
  /** A check in the SPEC syntax, e.g. `redis:redis config maxmemory == 512mb`. */
  check: string;
  /** The command it was derived from, as written. */
  source: string;
  /** The rule that made it (`liveness`, `threshold`, `command`, …). */
  rule?: string;
  /** How sure the rule is, 0..1. */
  confidence?: number;
}
