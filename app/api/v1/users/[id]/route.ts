import { z } from 'zod';
import { json, route } from '@/lib/api/route';
import { changeUser } from '@/lib/auth/admin';
import { rolesSchema } from '@/lib/auth/roles';

const Patch = z
  .object({
    roles: rolesSchema.optional(),
    disabled: z.boolean().optional(),
    name: z.string().trim().min(1).max(200).optional(),
    /** Let the next single sign-on with this user's email link to this account. */
    ssoLinkAllowed: z.boolean().optional(),
    /** End every session: a single sign-on user's groups are read again at their next sign-in. */
    signOut: z.literal(true).optional(),
  })
  .refine((p) => Object.keys(p).length > 0, 'send roles, disabled, name, ssoLinkAllowed or signOut');

export const PATCH = route<{ id: string }>(
  '/api/v1/users/:id',
  ['admin'],
  async ({ deps, principal, params, body }) =>
    json(await changeUser(deps, principal, params.id, await body(Patch))),
);
