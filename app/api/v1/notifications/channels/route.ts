import { json, route } from '@/lib/api/route';
import { notificationsConfig } from '@/lib/config/notifications';
import { channelViews } from '@/lib/notify';

export const dynamic = 'force-dynamic';

/** Configured channels with their routes, URLs masked (admins). */
export const GET = route('/api/v1/notifications/channels', ['admin'], async () =>
  json({ channels: channelViews(notificationsConfig()) }, 200, { 'cache-control': 'no-store' }),
);
