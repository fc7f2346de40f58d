import type { Checklist } from '@/lib/checklist/model';
import { LiftoffError } from '@/lib/core/errors';
import type { Db } from '@/lib/db/client';
import { parseUpload } from './parse-upload';
import { importTemplate, type TemplateVersion } from './store';

/**
 * Stores an edited source as the template's next version. `refuse` reads the new model and
 * names what the edit failed to do (the line moved, the parser reads it otherwise), or null.
 * The edit stays in the Markdown, so the version history records who changed what.
 */
export async function storeRevision(
  db: Db,
  template: TemplateVersion,
  edited: string | null,
  actorId: string | null,
  refuse: (model: Checklist) => string | null,
): Promise<TemplateVersion> {
  if (edited === null)
    throw new LiftoffError('conflict', 'The line is no longer where the template says; re-import it.');
  const { source, model } = parseUpload(edited);
  const refusal = refuse(model);
  if (refusal) throw new LiftoffError('unprocessable', refusal);
  const { template: next } = await importTemplate(db, { name: template.name, source, model, actorId });
  return next;
}
