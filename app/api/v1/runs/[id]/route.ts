import { json, route } from '@/lib/api/route';
import { getRun } from '@/lib/runs';

export const GET = route<{ id: string }>('/api/v1/runs/:id', 'user', async ({ deps, params }) =>
  json(await getRun(deps.db, params.id)),
);
