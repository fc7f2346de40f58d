import { and, eq } from 'drizzle-orm';
import type { Checklist } from '@/lib/checklist/model';
import { LiftoffError } from '@/lib/core/errors';
import type { Db } from '@/lib/db/client';
import { templateVersions } from '@/lib/db/schema';

/**
 * Template versions never change after insert, so their parsed models are cached. Runs read
 * them on every page load and list; a 500-item model is worth not re-reading. The key is the
 * template's random id and version, unique across stores, so one cache serves a transaction
 * and the pool alike (PGlite must be queried through the open transaction).
 */
const models = new Map<string, Checklist>();
const MAX_MODELS = 64;

export async function templateModel(db: Db, templateId: string, version: number): Promise<Checklist> {
  const key = `${templateId}@${version}`;
  const hit = models.get(key);
  if (hit) return hit;
  const [row] = await db
    .select({ model: templateVersions.model })
    .from(templateVersions)
    .where(and(eq(templateVersions.templateId, templateId), eq(templateVersions.version, version)));
  if (!row) throw new LiftoffError('not_found', 'The template version of this run no longer exists.');
  if (models.size >= MAX_MODELS) models.delete(models.keys().next().value!);
  models.set(key, row.model);
  return row.model;
}

/** Field kinds a person fills during a run; the signature table is the sign-off rows instead. */
export const editableFields = (model: Checklist) => model.fields.filter((f) => f.kind !== 'signature-table');
