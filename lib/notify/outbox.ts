/**
 * Writing to the outbox: one `notification_events` row, in the caller's transaction, so the
 * notification exists exactly when the change that caused it does. Every notifying change calls
 * this (run writes through lib/runs' write path, health transitions; stage and trigger events
 * will too); the dispatcher takes it from there.
 */
import { now } from '@/lib/core/clock';
import type { Db } from '@/lib/db/client';
import { type EventActor, notificationEvents } from '@/lib/db/schema';
import type { NotificationType } from './events';

export interface NewNotificationEvent {
  type: NotificationType;
  /** Run events may leave it out: expansion takes the run's. */
  environment?: string | null;
  runId?: string | null;
  auditEventId?: number | null;
  actor?: EventActor | null;
  /** What the writer knows that the payload needs (item id, roles, health reasons). */
  facts?: Record<string, unknown>;
  /** Default: the process clock. Run events pass their audit time. */
  occurredAt?: Date;
}

/** Inserts the events; call inside the transaction of the change. Returns their ids in order. */
export async function recordNotificationEvents(
  tx: Db,
  events: readonly NewNotificationEvent[],
): Promise<string[]> {
  if (events.length === 0) return [];
  const rows = await tx
    .insert(notificationEvents)
    .values(
      events.map((e) => ({
        type: e.type,
        environment: e.environment ?? null,
        runId: e.runId ?? null,
        auditEventId: e.auditEventId ?? null,
        actor: e.actor ?? null,
        facts: e.facts ?? {},
        occurredAt: e.occurredAt ?? now(),
      })),
    )
    .returning({ id: notificationEvents.id });
  return rows.map((r) => r.id);
}

export async function recordNotificationEvent(tx: Db, event: NewNotificationEvent): Promise<string> {
  const [id] = await recordNotificationEvents(tx, [event]);
  return id!;
}

// The dispatcher polls; a write on the leading instance wakes it at once instead.
const g = globalThis as unknown as { __liftoffNotifyWake?: () => void };

/** Registers the function that wakes this process's dispatcher (none when it does not lead). */
export function onOutboxWrite(wake: (() => void) | undefined): void {
  g.__liftoffNotifyWake = wake;
}

/** Called after a commit that wrote to the outbox. */
export function outboxWritten(): void {
  g.__liftoffNotifyWake?.();
}
