import { json, route } from '@/lib/api/route';
import { notificationsConfig } from '@/lib/config/notifications';
import { sendTest } from '@/lib/notify';

/** Queues a test message to one channel (admins): 202 with its delivery id. */
export const POST = route<{ name: string }>(
  '/api/v1/notifications/channels/:name/test',
  ['admin'],
  async ({ deps, params, principal }) =>
    json(await sendTest(deps.db, notificationsConfig(), params.name, principal), 202),
);
