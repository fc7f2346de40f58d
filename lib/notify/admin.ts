/** What admins see and do on the Notifications page: channels (masked), test messages, the log. */
import { z } from 'zod';
import type { Principal } from '@/lib/auth/principal';
import type { NotificationsConfig } from '@/lib/config/notifications';
import { LiftoffError } from '@/lib/core/errors';
import type { Db } from '@/lib/db/client';
import { describeChannel, type PublicChannel } from './channels';
import { createTestDelivery, DELIVERY_STATES, type DeliveryFilter } from './deliveries';
import { EVENT_TYPE_NAMES, TEST_EVENT } from './events';
import { outboxWritten } from './outbox';

export interface ChannelView extends PublicChannel {
  /** The routes that send to it. */
  routes: { events: string[]; environments: string[] | null }[];
}

export function channelViews(config: NotificationsConfig): ChannelView[] {
  return Object.values(config.channels).map((c) => ({
    ...describeChannel(c),
    routes: config.routes
      .filter((r) => r.channels.includes(c.name))
      .map((r) => ({ events: r.events, environments: r.environments })),
  }));
}

/** Queues a test message to the channel; the dispatcher sends it like any other. */
export async function sendTest(
  db: Db,
  config: NotificationsConfig,
  name: string,
  by: Principal,
): Promise<{ deliveryId: string }> {
  const channel = Object.hasOwn(config.channels, name) ? config.channels[name] : undefined;
  if (!channel) throw new LiftoffError('not_found', `There is no notification channel "${name}".`);
  const deliveryId = await createTestDelivery(db, channel, {
    userId: by.userId,
    name: by.name,
    kind: by.kind === 'apikey' ? 'apikey' : 'user',
  });
  outboxWritten();
  return { deliveryId };
}

const EVENTS: [string, ...string[]] = [TEST_EVENT, ...EVENT_TYPE_NAMES];

/** The delivery log's query string. */
export const deliveryQuery = z
  .object({
    channel: z.string().trim().min(1).max(100).optional(),
    event: z.enum(EVENTS, { message: `must be one of ${EVENTS.join(', ')}` }).optional(),
    state: z.enum(DELIVERY_STATES, { message: `must be one of ${DELIVERY_STATES.join(', ')}` }).optional(),
    before: z.iso.datetime({ message: 'must be an ISO time', offset: true }).optional(),
    limit: z.coerce.number().int().positive().max(200).optional(),
  })
  .transform((q): DeliveryFilter => ({ ...q, before: q.before ? new Date(q.before) : undefined }));
