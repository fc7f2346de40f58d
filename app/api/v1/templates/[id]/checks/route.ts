import { z } from 'zod';
import { json, route } from '@/lib/api/route';
import { bindCheck } from '@/lib/templates/bind-check';

const Body = z.object({
  itemId: z.string().min(1, 'name the item').max(300),
  check: z.string().trim().min(1, 'write the check').max(2000),
});

/** Accepts a (possibly remapped) suggested check for an item: a new template version. */
export const POST = route<{ id: string }>(
  '/api/v1/templates/:id/checks',
  ['engineer'],
  async ({ deps, params, principal, body }) => {
    const input = await body(Body);
    const template = await bindCheck(deps.db, {
      templateId: params.id,
      itemId: input.itemId,
      check: input.check,
      actorId: principal.userId,
    });
    return json(template, 201);
  },
);
