import { json, route } from '@/lib/api/route';
import { revokeApiKey } from '@/lib/auth/apikeys';

export const DELETE = route<{ id: string }>('/api/v1/apikeys/:id', ['admin'], async ({ deps, params }) => {
  await revokeApiKey(deps.db, params.id, deps.redis);
  return json({ ok: true });
});
