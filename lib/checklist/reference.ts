/**
 * Reference sections: shown, not counted as progress. Decided from a section's own heading:
 *  - a plan for when things go wrong (rollback, troubleshooting, error handling, known issues,
 *    FAQ) is reference whatever it holds;
 *  - contacts, support and escalation are reference unless the section holds a task of its own
 *    (a `## Support` with `1. [ ] Update tickets` is part of the release);
 *  - any other section inherits from its parent section, never from the heading that titles the
 *    whole document (`# Rollback drill` then `## Steps` is a checklist of steps).
 * A heading carrying `<!-- liftoff: counted -->` is counted whatever its title says; the import
 * preview's "count this section" writes that marker into the template's Markdown.
 */

const PLAN_TITLE = /\b(?:roll[\s-]?backs?|troubleshoot\w*|error handling|known issues|faq)\b/i;
const INFO_TITLE =
  /\b(?:contacts?|escalations?)\b|^(?:getting |customer |technical )?support\b|\bsupport(?: contacts?| team)?$/i;

export const COUNTED_MARKER = /<!--\s*liftoff\s*:\s*counted\s*-->/i;

export interface ReferenceInput {
  title: string;
  parent: ReferenceInput | null;
  /** Carries the counted marker. */
  counted: boolean;
  /** Is the heading that titles the document (several H1s: the first stays a section). */
  titlesDocument: boolean;
  /** Items whose nearest heading is this one. */
  ownItems: number;
  /** Filled in by `resolveReference`, parents first. */
  reference: boolean;
}

/** Sets `reference` on sections given parents before children (document order). */
export function resolveReference(sections: ReferenceInput[]): void {
  for (const s of sections) {
    if (s.counted || s.titlesDocument) s.reference = false;
    else if (PLAN_TITLE.test(s.title)) s.reference = true;
    else if (INFO_TITLE.test(s.title)) s.reference = s.ownItems === 0;
    else s.reference = (s.parent?.reference ?? false) && !s.parent?.titlesDocument;
  }
}
