import { formatCheck, parseAllowedCheck } from '@/lib/checks';
import { LiftoffError } from '@/lib/core/errors';
import { removeCheckComment } from '@/lib/core/html-comments';
import type { Db } from '@/lib/db/client';
import { storeRevision } from './revise';
import { requireTemplate, type TemplateVersion } from './store';

/**
 * Binds a check to an item by writing `<!-- check: ... -->` on the item's line and storing the
 * result as a new version: the binding stays in the Markdown (readable on GitHub, kept on
 * re-export) and the version history records who accepted what.
 */
export async function bindCheck(
  db: Db,
  input: { templateId: string; itemId: string; check: string; actorId: string | null },
): Promise<TemplateVersion> {
  const template = await requireTemplate(db, input.templateId);
  if (template.model.format !== 'markdown') {
    throw new LiftoffError(
      'unprocessable',
      'Checks can be bound in Markdown checklists only; this one is plain text.',
    );
  }
  const item = template.model.items.find((i) => i.id === input.itemId);
  if (!item) throw new LiftoffError('not_found', 'The latest version of this template has no such item.');
  const parsed = parseAllowedCheck(input.check.trim());
  if (!parsed.ok)
    throw new LiftoffError('validation_failed', `check: ${parsed.error.message}`, {
      column: parsed.error.position,
    });
  const check = formatCheck(parsed.check);
  if (check.includes('-->')) throw new LiftoffError('validation_failed', 'check: must not contain "-->".');

  const lines = template.source.split('\n');
  const index = item.line - 1;
  const line = lines[index];
  let edited: string | null = null;
  if (line !== undefined) {
    const cr = line.endsWith('\r') ? '\r' : '';
    const body = removeCheckComment(cr ? line.slice(0, -1) : line).trimEnd();
    lines[index] = `${body} <!-- check: ${check} -->${cr}`;
    edited = lines.join('\n');
  }
  return storeRevision(db, template, edited, input.actorId, (model) =>
    model.items.find((i) => i.id === item.id)?.check === check
      ? null
      : 'This item cannot carry a check comment (it is not a list item on one line).',
  );
}
