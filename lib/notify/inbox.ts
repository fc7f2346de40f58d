/**
 * The in-app side: following runs, the notification list behind the bell, and the live nudge
 * that tells an open bell to refresh.
 */
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { now } from '@/lib/core/clock';
import { LiftoffError } from '@/lib/core/errors';
import type { Db } from '@/lib/db/client';
import { notificationEvents, runFollowers, runs, userNotifications } from '@/lib/db/schema';
import { eventLabel } from './events';
import type { NotificationPayload } from './payload';

export interface InboxItem {
  id: number;
  type: string;
  label: string;
  summary: string;
  runId?: string;
  /** Where a click takes the reader (in the app). */
  href?: string;
  at: string;
  read: boolean;
}

export interface Inbox {
  unread: number;
  items: InboxItem[];
}

/** A person's newest notifications and how many are unread. */
export async function inbox(db: Db, userId: string, limit = 20): Promise<Inbox> {
  const rows = await db
    .select({
      id: userNotifications.id,
      readAt: userNotifications.readAt,
      createdAt: userNotifications.createdAt,
      type: notificationEvents.type,
      runId: notificationEvents.runId,
      payload: notificationEvents.payload,
    })
    .from(userNotifications)
    .innerJoin(notificationEvents, eq(notificationEvents.id, userNotifications.eventId))
    .where(eq(userNotifications.userId, userId))
    .orderBy(desc(userNotifications.id))
    .limit(Math.max(1, Math.min(100, Math.trunc(limit))));
  const [count] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(userNotifications)
    .where(and(eq(userNotifications.userId, userId), isNull(userNotifications.readAt)));
  return {
    unread: count?.n ?? 0,
    items: rows.map((r) => ({
      id: r.id,
      type: r.type,
      label: eventLabel(r.type),
      summary: (r.payload as NotificationPayload | null)?.summary ?? eventLabel(r.type),
      ...(r.runId ? { runId: r.runId, href: `/runs/${r.runId}` } : {}),
      at: r.createdAt.toISOString(),
      read: r.readAt !== null,
    })),
  };
}

export const markReadInput = z.union([
  z.strictObject({ ids: z.array(z.number().int().positive()).min(1).max(500) }),
  z.strictObject({ all: z.literal(true) }),
]);
export type MarkReadInput = z.infer<typeof markReadInput>;

/** Marks some (or all) of a person's notifications read; returns how many changed. */
export async function markRead(db: Db, userId: string, input: MarkReadInput): Promise<number> {
  const rows = await db
    .update(userNotifications)
    .set({ readAt: now() })
    .where(
      and(
        eq(userNotifications.userId, userId),
        isNull(userNotifications.readAt),
        'ids' in input ? inArray(userNotifications.id, input.ids) : undefined,
      ),
    )
    .returning({ id: userNotifications.id });
  return rows.length;
}

async function requireRun(db: Db, runId: string) {
  const [run] = await db.select({ id: runs.id }).from(runs).where(eq(runs.id, runId));
  if (!run) throw new LiftoffError('not_found', 'That run does not exist.');
}

export async function isFollowing(db: Db, runId: string, userId: string): Promise<boolean> {
  await requireRun(db, runId);
  const [row] = await db
    .select({ u: runFollowers.userId })
    .from(runFollowers)
    .where(and(eq(runFollowers.runId, runId), eq(runFollowers.userId, userId)));
  return Boolean(row);
}

/** Anyone who can read a run can follow it. */
export async function setFollowing(db: Db, runId: string, userId: string, follow: boolean): Promise<boolean> {
  await requireRun(db, runId);
  if (follow) await db.insert(runFollowers).values({ runId, userId }).onConflictDoNothing();
  else
    await db.delete(runFollowers).where(and(eq(runFollowers.runId, runId), eq(runFollowers.userId, userId)));
  return follow;
}

/** The live-bus channel of one person's bell. */
export const userChannel = (userId: string) => `user:${userId}`;
