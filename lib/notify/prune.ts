import { sql } from 'drizzle-orm';
import { nowMs } from '@/lib/core/clock';
import { type Db, rowsOf } from '@/lib/db/client';

/** How long the delivery log and the bell keep a finished message. */
export const NOTIFICATION_RETENTION_MS = 90 * 24 * 3_600_000;

/**
 * Forgets what is finished and old: deliveries delivered or dead before the cutoff (their
 * attempts go with them), then events expanded before it with no delivery left (their in-app
 * notifications go with them). Pending, failing and recent messages are never touched.
 */
export async function pruneNotifications(
  db: Db,
  retentionMs = NOTIFICATION_RETENTION_MS,
): Promise<{ deliveries: number; events: number }> {
  const cutoff = new Date(nowMs() - retentionMs);
  const deliveries = rowsOf<{ id: string }>(
    await db.execute(sql`
      DELETE FROM notification_deliveries
       WHERE state IN ('delivered', 'dead') AND updated_at < ${cutoff}
       RETURNING id`),
  ).length;
  const events = rowsOf<{ id: string }>(
    await db.execute(sql`
      DELETE FROM notification_events e
       WHERE e.expanded_at < ${cutoff}
         AND NOT EXISTS (SELECT 1 FROM notification_deliveries d WHERE d.event_id = e.id)
       RETURNING e.id`),
  ).length;
  return { deliveries, events };
}
