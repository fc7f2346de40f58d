/**
 * Contract between the checklist importer (lib/checklist) and the check library (lib/checks).
 * The importer hands each item's text, the titles of the sections it sits in and the code
 * attached to it; lib/checks answers with check strings in the SPEC syntax. No shell command is
 * ever executed.
 */
export interface SuggestInput {
  /** The item's text as written (inline Markdown, inline code kept with backticks). */
  text: string;
  /** Code attached to the item, in document order: fenced/indented blocks and inline code spans. */
  code: { lang?: string; value: string; inline: boolean }[];
  /**
   * Titles of the sections around the item, outermost first (`['Pre-Deployment', 'Ports']`):
   * "Port 6379 available" means free before a deployment, "p99 < 5 ms" under "Session cache"
   * speaks of Redis.
   */
  section?: string[];
  /**
   * Code of the item's own section that belongs to no item ("Test the health endpoint" with its
   * `curl` and expected response above the items that judge it). Read, never turned into checks
   * by itself.
   */
  sectionCode?: { lang?: string; value: string; inline: boolean }[];
  /** Every section's code in the document: where a health path may be named. */
  documentCode?: { lang?: string; value: string; inline: boolean }[];
  /**
   * The document's texts (items, their notes, section prose), where metrics are named
   * (`relay_job_read_path_total{path="new"}: target > 80%`) for items that state a share in words.
   */
  context?: readonly string[];
}

/** Which family of rules made a suggestion (`command`: a command quoted in the item). */
export type SuggestionRule =
  | 'command'
  | 'liveness'
  | 'threshold'
  | 'port'
  | 'config'
  | 'expected-response'
  | 'trigger';

export interface SuggestedCheck {
  /** A check in the SPEC syntax, e.g. `redis:cache config maxmemory == 512mb`. */
  check: string;
  /** The words or the command it was derived from, as written. */
  source: string;
  /** The rule family that made it (see SuggestionRule); a plain string in stored models. */
  rule: string;
  /** 0..1: how surely the words mean this check; nothing below SUGGESTION_THRESHOLD is suggested. */
  confidence: number;
}

/** Suggestions less sure than this are not made: a wrong check accepted is worse than none. */
export const SUGGESTION_THRESHOLD = 0.6;
