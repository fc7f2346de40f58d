import { json, route } from '@/lib/api/route';
import { redeliver } from '@/lib/notify';

/** Sends a delivery again with the same delivery id (admins); 409 while it is being sent. */
export const POST = route<{ id: string }>(
  '/api/v1/notifications/deliveries/:id/redeliver',
  ['admin'],
  async ({ deps, params }) => {
    await redeliver(deps.db, params.id);
    return json({ id: params.id, state: 'pending' }, 202);
  },
);
