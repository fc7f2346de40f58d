import { setCountedMarker } from '@/lib/checklist/markers';
import { LiftoffError } from '@/lib/core/errors';
import type { Db } from '@/lib/db/client';
import { storeRevision } from './revise';
import { requireTemplate, type TemplateVersion } from './store';

/**
 * "Count this section": writes `<!-- liftoff: counted -->` on the heading line of a section the
 * parser treated as reference (or removes it), as a new version. The marker lives in the
 * Markdown, so it survives export and re-import; no schema holds it.
 */
export async function setSectionCounted(
  db: Db,
  input: { templateId: string; sectionId: string; counted: boolean; actorId: string | null },
): Promise<TemplateVersion> {
  const template = await requireTemplate(db, input.templateId);
  const section = template.model.sections.find((s) => s.id === input.sectionId);
  if (!section)
    throw new LiftoffError('not_found', 'The latest version of this template has no such section.');
  if (input.counted ? !section.reference : !section.counted) return template; // already so
  const edited = setCountedMarker(template.source, section.line, input.counted);
  return storeRevision(db, template, edited, input.actorId, (model) => {
    const after = model.sections.find((s) => s.id === section.id);
    if (input.counted) {
      return after?.reference === false
        ? null
        : 'This section cannot be marked as counted (its heading is not on one line).';
    }
    return after && !after.counted ? null : 'The counted marker could not be removed from this heading.';
  });
}
