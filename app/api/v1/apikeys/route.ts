import { z } from 'zod';
import { json, route } from '@/lib/api/route';
import { createApiKey, listApiKeys } from '@/lib/auth/apikeys';
import { requireUserByEmail } from '@/lib/auth/users';

const NewKey = z.object({
  email: z.email('not an email address'),
  name: z.string().trim().min(1, 'enter a name for the key').max(100),
});

export const GET = route('/api/v1/apikeys', ['admin'], async ({ deps }) =>
  json({ keys: await listApiKeys(deps.db) }),
);

/** The plain key is in this response only; Liftoff keeps just its hash. */
export const POST = route('/api/v1/apikeys', ['admin'], async ({ deps, body }) => {
  const input = await body(NewKey);
  const user = await requireUserByEmail(deps.db, input.email);
  const { id, key } = await createApiKey(deps.db, user.id, input.name);
  return json({ id, key, name: input.name, userEmail: user.email }, 201);
});
