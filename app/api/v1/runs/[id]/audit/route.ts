import { z } from 'zod';
import { json, route } from '@/lib/api/route';
import { parseWith } from '@/lib/core/validate';
import { getRunSummary, listAudit } from '@/lib/runs';

const Query = z.object({
  after: z.coerce.number().int().nonnegative().optional(),
  limit: z.coerce.number().int().positive().max(5000).optional(),
});

export const GET = route<{ id: string }>('/api/v1/runs/:id/audit', 'user', async ({ req, deps, params }) => {
  const q = parseWith(Query, Object.fromEntries(req.nextUrl.searchParams));
  await getRunSummary(deps.db, params.id);
  return json({ events: await listAudit(deps.db, params.id, { afterId: q.after, limit: q.limit }) });
});
