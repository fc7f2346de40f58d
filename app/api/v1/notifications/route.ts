import { z } from 'zod';
import { json, route } from '@/lib/api/route';
import { parseWith } from '@/lib/core/validate';
import { inbox } from '@/lib/notify';

export const dynamic = 'force-dynamic';

const Query = z.object({ limit: z.coerce.number().int().positive().max(100).optional() });

/** The caller's own notifications (the bell): `{ unread, items }`, newest first. */
export const GET = route('/api/v1/notifications', 'user', async ({ req, deps, principal }) => {
  const q = parseWith(Query, Object.fromEntries(req.nextUrl.searchParams));
  return json(await inbox(deps.db, principal.userId, q.limit), 200, { 'cache-control': 'no-store' });
});
