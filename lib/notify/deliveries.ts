/**
 * The delivery rows: claiming due ones for a send, recording how each attempt went, the
 * admin's log, Redeliver and test messages. A claim commits before the send starts and gives
 * the row a lease (due_at) and a token: a sender that dies mid-send leaves a row that another
 * dispatcher reclaims when the lease runs out and sends again with the same delivery id; only
 * the token holder's result finishes the row.
 */
import { randomUUID } from 'node:crypto';
import { and, desc, eq, inArray, lt, type SQL, sql } from 'drizzle-orm';
import type { Channel } from '@/lib/config/notifications';
import { now } from '@/lib/core/clock';
import { LiftoffError } from '@/lib/core/errors';
import { type Db, rowsOf } from '@/lib/db/client';
import {
  type AttemptOutcome,
  type DeliveryState,
  type EventActor,
  notificationAttempts,
  notificationDeliveries,
  notificationEvents,
} from '@/lib/db/schema';
import { eventLabel, TEST_EVENT } from './events';
import { outboxWritten } from './outbox';
import type { NotificationPayload } from './payload';

const iso = (d: Date) => d.toISOString();

/** Channels with deliveries due now (pending, failed and waiting out their retry, or with a lapsed lease). */
export async function dueChannels(db: Db, at: Date): Promise<string[]> {
  const rows = rowsOf<{ channel: string }>(
    await db.execute(
      sql`SELECT DISTINCT channel FROM notification_deliveries WHERE due_at IS NOT NULL AND due_at <= ${iso(at)}::timestamptz`,
    ),
  );
  return rows.map((r) => r.channel);
}

export interface Claimed {
  id: string;
  recipient: string;
  attempt: number;
  createdAt: Date;
  token: string;
  payload: NotificationPayload;
}

/** Claims up to `limit` due deliveries of one channel for `leaseMs`, starting an attempt for each. */
export async function claimDue(
  db: Db,
  channel: string,
  limit: number,
  at: Date,
  leaseMs: number,
): Promise<Claimed[]> {
  const token = randomUUID();
  const t = iso(at);
  const rows = rowsOf<{
    id: string;
    recipient: string;
    attempts: number;
    created_at: string | Date;
    payload: unknown;
  }>(
    await db.execute(sql`
      WITH due AS (
        SELECT id FROM notification_deliveries
        WHERE channel = ${channel} AND due_at IS NOT NULL AND due_at <= ${t}::timestamptz
        ORDER BY due_at
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED
      ), claimed AS (
        UPDATE notification_deliveries d
        SET state = 'sending', attempts = d.attempts + 1, claim_token = ${token},
            due_at = ${iso(new Date(at.getTime() + leaseMs))}::timestamptz, updated_at = ${t}::timestamptz
        FROM due WHERE d.id = due.id
        RETURNING d.id, d.event_id, d.recipient, d.attempts, d.created_at
      ), interrupted AS (
        UPDATE notification_attempts a
        SET outcome = 'interrupted', finished_at = ${t}::timestamptz,
            error = 'the sender stopped before its answer was recorded'
        FROM claimed WHERE a.delivery_id = claimed.id AND a.outcome = 'sending'
      ), started AS (
        INSERT INTO notification_attempts (delivery_id, attempt, started_at, outcome)
        SELECT id, attempts, ${t}::timestamptz, 'sending' FROM claimed
      )
      SELECT c.id, c.recipient, c.attempts, c.created_at, e.payload
      FROM claimed c JOIN notification_events e ON e.id = c.event_id`),
  );
  return rows.map((r) => ({
    id: r.id,
    recipient: r.recipient,
    attempt: Number(r.attempts),
    createdAt: new Date(r.created_at),
    token,
    payload: (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as NotificationPayload,
  }));
}

export interface AttemptResult {
  outcome: Exclude<AttemptOutcome, 'sending' | 'interrupted'>;
  state: Exclude<DeliveryState, 'pending' | 'sending'>;
  /** Next try (failed); null when delivered or dead. */
  dueAt: Date | null;
  status?: number;
  response?: string;
  error?: string;
  durationMs: number;
}

/** Records the attempt; finishes the delivery only if this sender still holds it. */
export async function finishAttempt(db: Db, claim: Claimed, result: AttemptResult, at: Date): Promise<void> {
  const t = iso(at);
  const status = result.status ?? null;
  const error = result.error ?? null;
  await db.execute(sql`
    WITH fin AS (
      UPDATE notification_deliveries
      SET state = ${result.state}, due_at = ${result.dueAt ? iso(result.dueAt) : null}::timestamptz,
          last_status = ${status}, last_error = ${error}, updated_at = ${t}::timestamptz, claim_token = NULL,
          delivered_at = CASE WHEN ${result.state} = 'delivered' THEN ${t}::timestamptz ELSE delivered_at END
      WHERE id = ${claim.id} AND claim_token = ${claim.token}
      RETURNING id
    )
    UPDATE notification_attempts
    SET outcome = ${result.outcome}, finished_at = ${t}::timestamptz, status_code = ${status},
        response = ${result.response ?? null}, error = ${error}, duration_ms = ${result.durationMs}
    WHERE delivery_id = ${claim.id} AND attempt = ${claim.attempt}`);
}

// ---------------------------------------------------------------------------------------------
// The admin's delivery log

export const DELIVERY_STATES = [
  'pending',
  'sending',
  'delivered',
  'failed',
  'dead',
] as const satisfies readonly DeliveryState[];

export interface AttemptView {
  attempt: number;
  startedAt: string;
  finishedAt?: string;
  outcome: AttemptOutcome;
  statusCode?: number;
  response?: string;
  error?: string;
  durationMs?: number;
}

export interface DeliveryView {
  id: string;
  eventId: string;
  event: string;
  label: string;
  summary: string;
  environment: string | null;
  channel: string;
  /** A person's address, for their own email. */
  recipient?: string;
  state: DeliveryState;
  attempts: number;
  /** failed: when it is tried next. */
  nextAttemptAt?: string;
  lastStatus?: number;
  lastError?: string;
  createdAt: string;
  deliveredAt?: string;
  attemptLog: AttemptView[];
}

export interface DeliveryFilter {
  channel?: string;
  event?: string;
  state?: DeliveryState;
  /** Only deliveries created before this time (paging). */
  before?: Date;
  limit?: number;
}

const opt = <T>(v: T | null | undefined) => (v === null || v === undefined ? undefined : v);

/** Newest first, each with its attempts. */
export async function listDeliveries(db: Db, filter: DeliveryFilter = {}): Promise<DeliveryView[]> {
  const d = notificationDeliveries;
  const e = notificationEvents;
  const where: (SQL | undefined)[] = [
    filter.channel ? eq(d.channel, filter.channel) : undefined,
    filter.event ? eq(e.type, filter.event) : undefined,
    filter.state ? eq(d.state, filter.state) : undefined,
    filter.before ? lt(d.createdAt, filter.before) : undefined,
  ];
  const rows = await db
    .select({ d, type: e.type, payload: e.payload, environment: e.environment })
    .from(d)
    .innerJoin(e, eq(e.id, d.eventId))
    .where(and(...where))
    .orderBy(desc(d.createdAt), desc(d.id))
    .limit(Math.max(1, Math.min(200, Math.trunc(filter.limit ?? 50))));
  const attempts = rows.length
    ? await db
        .select()
        .from(notificationAttempts)
        .where(
          inArray(
            notificationAttempts.deliveryId,
            rows.map((r) => r.d.id),
          ),
        )
        .orderBy(notificationAttempts.attempt)
    : [];
  return rows.map(({ d: row, type, payload, environment }) => ({
    id: row.id,
    eventId: row.eventId,
    event: type,
    label: eventLabel(type),
    summary: (payload as NotificationPayload | null)?.summary ?? eventLabel(type),
    environment,
    channel: row.channel,
    ...(row.recipient ? { recipient: row.recipient } : {}),
    state: row.state,
    attempts: row.attempts,
    ...(row.state === 'failed' && row.dueAt ? { nextAttemptAt: iso(row.dueAt) } : {}),
    ...(row.lastStatus !== null ? { lastStatus: row.lastStatus } : {}),
    ...(row.lastError !== null ? { lastError: row.lastError } : {}),
    createdAt: iso(row.createdAt),
    ...(row.deliveredAt ? { deliveredAt: iso(row.deliveredAt) } : {}),
    attemptLog: attempts
      .filter((a) => a.deliveryId === row.id)
      .map((a) => ({
        attempt: a.attempt,
        startedAt: iso(a.startedAt),
        ...(a.finishedAt ? { finishedAt: iso(a.finishedAt) } : {}),
        outcome: a.outcome,
        statusCode: opt(a.statusCode),
        response: opt(a.response),
        error: opt(a.error),
        durationMs: opt(a.durationMs),
      })),
  }));
}

/** Sends a delivery again, same id, as soon as its channel allows (any state but sending). */
export async function redeliver(db: Db, id: string): Promise<void> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new LiftoffError('not_found', 'There is no such delivery.');
  const at = iso(now());
  const [row] = await db
    .update(notificationDeliveries)
    .set({ state: 'pending', dueAt: sql`${at}::timestamptz`, updatedAt: sql`${at}::timestamptz` })
    .where(and(eq(notificationDeliveries.id, id), sql`${notificationDeliveries.state} <> 'sending'`))
    .returning({ id: notificationDeliveries.id });
  if (row) return outboxWritten();
  const [exists] = await db
    .select({ id: notificationDeliveries.id })
    .from(notificationDeliveries)
    .where(eq(notificationDeliveries.id, id));
  if (!exists) throw new LiftoffError('not_found', 'There is no such delivery.');
  throw new LiftoffError(
    'conflict',
    'This delivery is being sent right now; wait for the attempt to finish.',
  );
}

/** A test message to one channel, bypassing routes: the event and its delivery in one transaction. */
export async function createTestDelivery(db: Db, channel: Channel, actor: EventActor): Promise<string> {
  const at = now();
  return db.transaction(async (tx) => {
    const [event] = await tx
      .insert(notificationEvents)
      .values({ type: TEST_EVENT, actor, facts: { channel: channel.name }, occurredAt: at, expandedAt: at })
      .returning({ id: notificationEvents.id });
    const payload: NotificationPayload = {
      id: event!.id,
      type: TEST_EVENT,
      occurredAt: iso(at),
      environment: null,
      summary: `Test notification from Liftoff, sent by ${actor.name} to ${channel.name}`,
      actor: { name: actor.name, kind: actor.kind },
    };
    await tx.update(notificationEvents).set({ payload }).where(eq(notificationEvents.id, event!.id));
    const [delivery] = await tx
      .insert(notificationDeliveries)
      .values({
        eventId: event!.id,
        channel: channel.name,
        state: 'pending',
        dueAt: at,
        createdAt: at,
        updatedAt: at,
      })
      .returning({ id: notificationDeliveries.id });
    return delivery!.id;
  });
}
