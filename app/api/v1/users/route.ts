import { z } from 'zod';
import { json, route } from '@/lib/api/route';
import { rolesSchema } from '@/lib/auth/roles';
import { createUser, listUsers } from '@/lib/auth/users';

const NewUser = z.object({
  email: z.email('not an email address'),
  name: z.string().trim().min(1, 'enter a name').max(200),
  password: z.string().min(12, 'must be at least 12 characters').max(1024),
  roles: rolesSchema,
});

export const GET = route('/api/v1/users', ['admin'], async ({ deps }) =>
  json({ users: await listUsers(deps.db) }),
);

export const POST = route('/api/v1/users', ['admin'], async ({ deps, body }) => {
  const user = await createUser(deps.db, await body(NewUser));
  return json(user, 201);
});
