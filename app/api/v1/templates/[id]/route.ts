import { json, route } from '@/lib/api/route';
import { requireTemplate } from '@/lib/templates/store';

export const GET = route<{ id: string }>('/api/v1/templates/:id', 'user', async ({ deps, params }) =>
  json(await requireTemplate(deps.db, params.id)),
);
