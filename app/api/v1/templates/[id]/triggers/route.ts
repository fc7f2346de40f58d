import { z } from 'zod';
import { json, route } from '@/lib/api/route';
import { bindTrigger } from '@/lib/templates/bind-check';

const Body = z.strictObject({
  triggerId: z.string().min(1, 'name the trigger').max(300),
  check: z.string().trim().min(1, 'write the check').max(2000),
});

/** Binds a (possibly remapped) suggested check to a rollback trigger: a new template version. */
export const POST = route<{ id: string }>(
  '/api/v1/templates/:id/triggers',
  ['engineer'],
  async ({ deps, params, principal, body }) => {
    const input = await body(Body);
    const template = await bindTrigger(deps.db, {
      templateId: params.id,
      triggerId: input.triggerId,
      check: input.check,
      actorId: principal.userId,
    });
    return json(template, 201);
  },
);
