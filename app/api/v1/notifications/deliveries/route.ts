import { json, route } from '@/lib/api/route';
import { parseWith } from '@/lib/core/validate';
import { deliveryQuery, listDeliveries } from '@/lib/notify';

export const dynamic = 'force-dynamic';

/** The delivery log, newest first, each with its attempts: `?channel=&event=&state=&before=&limit=` (admins). */
export const GET = route('/api/v1/notifications/deliveries', ['admin'], async ({ req, deps }) => {
  const filter = parseWith(deliveryQuery, Object.fromEntries(req.nextUrl.searchParams));
  return json({ deliveries: await listDeliveries(deps.db, filter) }, 200, { 'cache-control': 'no-store' });
});
