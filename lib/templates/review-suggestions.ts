import { z } from 'zod';
import { LiftoffError } from '@/lib/core/errors';
import { parseWith } from '@/lib/core/validate';
import type { Db } from '@/lib/db/client';
import { canonicalCheck, withBindingComment } from './bind-check';
import { storeRevision } from './revise';
import { requireTemplate, type TemplateVersion } from './store';

const decision = z.object({
  itemId: z.string().min(1, 'name the item').max(300),
  check: z.string().trim().min(1, 'write the check').max(2000),
});

/** What the template page's review sends: checks to bind and suggestions to turn down, at once. */
export const suggestionReviewInput = z
  .object({
    accept: z.array(decision).max(1000, 'at most 1000 checks at once').default([]),
    reject: z.array(decision).max(1000, 'at most 1000 rejections at once').default([]),
    /** Bind what may be bound and report the rest (a bulk accept), instead of refusing all. */
    skipRefused: z.boolean().default(false),
  })
  .strict()
  .refine((r) => r.accept.length + r.reject.length > 0, 'accept or reject at least one suggestion');

export type SuggestionReview = z.input<typeof suggestionReviewInput>;

/** A check a bulk accept left out, and why (e.g. a self target answering fixed probes only). */
export interface RefusedCheck {
  itemId: string;
  check: string;
  reason: string;
}

/** `line` with one more `<!-- reject: check -->` at its end (none when it already has that one). */
function withRejection(line: string, check: string): string {
  const cr = line.endsWith('\r') ? '\r' : '';
  const body = cr ? line.slice(0, -1) : line;
  if (body.includes(`<!-- reject: ${check} -->`)) return line;
  return `${body.trimEnd()} <!-- reject: ${check} -->${cr}`;
}

/**
 * Accepts and rejects suggested checks in one new template version: an accepted check is bound
 * (`<!-- check: … -->`), a rejected one is written down (`<!-- reject: … -->`) so the importer
 * never offers it for that item again. Both stay in the Markdown, readable and re-importable.
 */
export async function reviewSuggestions(
  db: Db,
  input: { templateId: string; review: SuggestionReview; actorId: string | null },
): Promise<{ template: TemplateVersion; refused: RefusedCheck[] }> {
  const review = parseWith(suggestionReviewInput, input.review);
  const template = await requireTemplate(db, input.templateId);
  if (template.model.format !== 'markdown') {
    throw new LiftoffError(
      'unprocessable',
      'Suggestions can be reviewed in Markdown checklists only; this one is plain text.',
    );
  }
  const items = new Map(template.model.items.map((i) => [i.id, i]));
  const itemOf = (itemId: string) => {
    const item = items.get(itemId);
    if (!item)
      throw new LiftoffError('not_found', `The latest version of this template has no item “${itemId}”.`);
    return item;
  };
  const accepted = new Map<string, string>();
  const refused: RefusedCheck[] = [];
  for (const a of review.accept) {
    let check: string;
    try {
      check = canonicalCheck(a.check);
    } catch (err) {
      if (!review.skipRefused || !(err instanceof LiftoffError)) throw err;
      itemOf(a.itemId);
      refused.push({ itemId: a.itemId, check: a.check, reason: err.message.replace(/^check: /, '') });
      continue;
    }
    if (accepted.has(a.itemId) && accepted.get(a.itemId) !== check)
      throw new LiftoffError(
        'validation_failed',
        `Item “${itemOf(a.itemId).text}” can carry one check only.`,
      );
    itemOf(a.itemId);
    accepted.set(a.itemId, check);
  }
  const rejected = review.reject.map((r) => ({ item: itemOf(r.itemId), check: canonicalCheck(r.check) }));
  if (accepted.size === 0 && rejected.length === 0) {
    const first = refused[0]!;
    throw new LiftoffError(
      'validation_failed',
      `No check could be bound: “${itemOf(first.itemId).text}”: ${first.reason}`,
    );
  }

  const lines = template.source.split('\n');
  const edit = (lineNo: number, change: (line: string) => string) => {
    const line = lines[lineNo - 1];
    if (line === undefined)
      throw new LiftoffError('conflict', 'The line is no longer where the template says; re-import it.');
    lines[lineNo - 1] = change(line);
  };
  for (const [itemId, check] of accepted)
    edit(itemOf(itemId).line, (l) => withBindingComment(l, 'check', check));
  for (const { item, check } of rejected) edit(item.line, (l) => withRejection(l, check));

  const version = await storeRevision(db, template, lines.join('\n'), input.actorId, (model) => {
    const next = new Map(model.items.map((i) => [i.id, i]));
    for (const [itemId, check] of accepted) {
      if (next.get(itemId)?.check !== check)
        return `Item “${itemOf(itemId).text}” cannot carry a check comment (it is not a list item on one line).`;
    }
    for (const { item, check } of rejected) {
      if (next.get(item.id)?.suggestedChecks.some((s) => s.check === check))
        return `Item “${item.text}” cannot carry a rejection comment (it is not a list item on one line).`;
    }
    return null;
  });
  return { template: version, refused };
}
