import { z } from 'zod';
import { json, route } from '@/lib/api/route';
import { setSectionCounted } from '@/lib/templates/count-section';

const Body = z.object({
  sectionId: z.string().min(1, 'name the section').max(300),
  counted: z.boolean({ error: 'counted: true or false' }),
});

/** "Count this section" (or undo it) for a section treated as reference: a new template version. */
export const POST = route<{ id: string }>(
  '/api/v1/templates/:id/sections',
  ['engineer'],
  async ({ deps, params, principal, body }) => {
    const input = await body(Body);
    const template = await setSectionCounted(deps.db, {
      templateId: params.id,
      sectionId: input.sectionId,
      counted: input.counted,
      actorId: principal.userId,
    });
    return json(template, 201);
  },
);
