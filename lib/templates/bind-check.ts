import { formatCheck, parseAllowedCheck } from '@/lib/checks';
import { LiftoffError } from '@/lib/core/errors';
import { removeBindingComment } from '@/lib/core/html-comments';
import type { Db } from '@/lib/db/client';
import { storeRevision } from './revise';
import { requireTemplate, type TemplateVersion } from './store';

/** A check as it will be written: allowed, canonical, and unable to end its comment early. */
export function canonicalCheck(input: string): string {
  const parsed = parseAllowedCheck(input.trim());
  if (!parsed.ok)
    throw new LiftoffError('validation_failed', `check: ${parsed.error.message}`, {
      column: parsed.error.position,
    });
  const check = formatCheck(parsed.check);
  if (check.includes('-->')) throw new LiftoffError('validation_failed', 'check: must not contain "-->".');
  return check;
}

/** `line` with `<!-- kind: value -->` at its end, replacing one of that kind there (CRLF kept). */
export function withBindingComment(line: string, kind: 'check' | 'trigger', value: string): string {
  const cr = line.endsWith('\r') ? '\r' : '';
  const body = removeBindingComment(cr ? line.slice(0, -1) : line, kind).trimEnd();
  return `${body} <!-- ${kind}: ${value} -->${cr}`;
}

/** The source with `<!-- kind: value -->` at the end of line `lineNo` (replacing one there), or null. */
function withComment(
  source: string,
  lineNo: number,
  kind: 'check' | 'trigger',
  value: string,
): string | null {
  const lines = source.split('\n');
  const line = lines[lineNo - 1];
  if (line === undefined) return null;
  lines[lineNo - 1] = withBindingComment(line, kind, value);
  return lines.join('\n');
}

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
  const check = canonicalCheck(input.check);
  return storeRevision(
    db,
    template,
    withComment(template.source, item.line, 'check', check),
    input.actorId,
    (model) =>
      model.items.find((i) => i.id === item.id)?.check === check
        ? null
        : 'This item cannot carry a check comment (it is not a list item on one line).',
  );
}

/**
 * Binds a check to a rollback trigger: `<!-- trigger: ... -->` on the trigger's line (it
 * describes the bad condition, `for 2m` when it must hold a while), as a new version.
 */
export async function bindTrigger(
  db: Db,
  input: { templateId: string; triggerId: string; check: string; actorId: string | null },
): Promise<TemplateVersion> {
  const template = await requireTemplate(db, input.templateId);
  const trigger = (template.model.stages ?? [])
    .flatMap((s) => s.triggers)
    .find((t) => t.id === input.triggerId);
  if (!trigger)
    throw new LiftoffError('not_found', 'The latest version of this template has no such trigger.');
  const check = canonicalCheck(input.check);
  return storeRevision(
    db,
    template,
    withComment(template.source, trigger.line, 'trigger', check),
    input.actorId,
    (model) =>
      (model.stages ?? []).some((s) => s.triggers.some((t) => t.id === trigger.id && t.check === check))
        ? null
        : 'This trigger line cannot carry a check comment (it is not on one line).',
  );
}
