import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/lib/db/client';
import { notificationDeliveries, notificationEvents } from '@/lib/db/schema';
import { pruneNotifications } from '@/lib/notify/prune';
import { backends } from '../support/db';

const DAY = 24 * 3_600_000;

describe.each(backends)('pruning the notification log on %s', (_name, open) => {
  let store: Database;
  beforeAll(async () => {
    store = await open();
  });
  afterAll(() => store.close());

  const event = async (ageDays: number) => {
    const at = new Date(Date.now() - ageDays * DAY);
    const [row] = await store.db
      .insert(notificationEvents)
      .values({ type: 'run.finished', occurredAt: at, expandedAt: at })
      .returning({ id: notificationEvents.id });
    return row!.id;
  };
  const delivery = async (eventId: string, state: 'delivered' | 'dead' | 'failed', ageDays: number) => {
    const at = new Date(Date.now() - ageDays * DAY);
    await store.db.insert(notificationDeliveries).values({
      eventId,
      channel: `hook-${state}`,
      state,
      createdAt: at,
      updatedAt: at,
      dueAt: state === 'failed' ? new Date() : null,
    });
  };

  it('forgets finished old messages and keeps failing and recent ones', async () => {
    const old = await event(100);
    await delivery(old, 'delivered', 100);
    await delivery(old, 'dead', 95);
    const retrying = await event(100);
    await delivery(retrying, 'delivered', 100);
    await delivery(retrying, 'failed', 100);
    const recent = await event(3);
    await delivery(recent, 'delivered', 3);

    expect(await pruneNotifications(store.db)).toEqual({ deliveries: 3, events: 1 });
    const left = await store.db.select().from(notificationDeliveries);
    expect(left.map((d) => [d.eventId, d.state]).sort()).toEqual(
      [
        [retrying, 'failed'],
        [recent, 'delivered'],
      ].sort(),
    );
    expect(await store.db.select().from(notificationEvents).where(eq(notificationEvents.id, old))).toEqual(
      [],
    );
    expect(await pruneNotifications(store.db)).toEqual({ deliveries: 0, events: 0 });
  });
});
