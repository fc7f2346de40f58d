/**
 * The audit trail: one row per change to a run, written in the change's transaction, never
 * updated or deleted (a database trigger refuses both). Rows are returned as `RunEvent`s so
 * the caller can publish exactly what was stored.
 */
import { and, asc, eq, gt, inArray, or, sql } from 'drizzle-orm';
import type { Db } from '@/lib/db/client';
import { auditEvents } from '@/lib/db/schema';
import type { ActorRef, AuditAction, RunEvent } from './types';

export interface NewEvent {
  runId: string;
  action: AuditAction;
  actor: ActorRef;
  subject?: string;
  before?: unknown;
  after?: unknown;
  note?: string | null;
  requestId?: string;
  /** Defaults to the database clock at insert time, close to commit, which replay relies on. */
  at?: Date;
}

type AuditRow = typeof auditEvents.$inferSelect;

export function toRunEvent(row: AuditRow): RunEvent {
  return {
    id: Number(row.id),
    runId: row.runId,
    action: row.action as AuditAction,
    actor: {
      userId: row.actorId,
      name: row.actorName,
      kind: row.actorKind,
      ...(row.apiKeyId ? { apiKeyId: row.apiKeyId } : {}),
    },
    ...(row.subject !== null ? { subject: row.subject } : {}),
    before: row.before ?? null,
    after: row.after ?? null,
    ...(row.note !== null ? { note: row.note } : {}),
    at: new Date(row.createdAt).toISOString(),
    ...(row.requestId !== null ? { requestId: row.requestId } : {}),
  };
}

/** Inserts one event; call it inside the transaction of the change it records. */
export async function appendEvent(tx: Db, e: NewEvent): Promise<RunEvent> {
  const [row] = await tx
    .insert(auditEvents)
    .values({
      runId: e.runId,
      action: e.action,
      actorId: e.actor.userId,
      actorName: e.actor.name,
      actorKind: e.actor.kind,
      apiKeyId: e.actor.apiKeyId ?? null,
      subject: e.subject ?? null,
      before: e.before ?? null,
      after: e.after ?? null,
      note: e.note ?? null,
      requestId: e.requestId ?? null,
      createdAt: e.at ?? sql`clock_timestamp()`,
    })
    .returning();
  return toRunEvent(row!);
}

const MAX_LIMIT = 1000;
const clampLimit = (limit: number | undefined, fallback: number) =>
  Math.max(1, Math.min(MAX_LIMIT, Math.trunc(limit ?? fallback)));

/** A run's events in order, after `afterId` when given (paging, or resuming a stream). */
export async function listAudit(
  db: Db,
  runId: string,
  opts: { afterId?: number; limit?: number } = {},
): Promise<RunEvent[]> {
  const rows = await db
    .select()
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.runId, runId),
        opts.afterId !== undefined ? gt(auditEvents.id, opts.afterId) : undefined,
      ),
    )
    .orderBy(asc(auditEvents.id))
    .limit(clampLimit(opts.limit, 200));
  return rows.map(toRunEvent);
}

/** A run's events of the given kinds, oldest first (for reports: stage starts, trigger history). */
export async function listAuditOf(
  db: Db,
  runId: string,
  actions: readonly string[],
  limit = 5000,
): Promise<RunEvent[]> {
  const rows = await db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.runId, runId), inArray(auditEvents.action, [...actions])))
    .orderBy(asc(auditEvents.id))
    .limit(limit);
  return rows.map(toRunEvent);
}

/**
 * Events to replay or poll: id > afterId, plus everything written within the last
 * `lookbackMs`, because bigserial ids are taken at insert and can commit out of order (a
 * smaller id may become visible after a larger one was sent). Callers dedupe by id.
 */
export async function eventsSince(
  db: Db,
  runIds: readonly string[],
  afterId: number,
  opts: { lookbackMs: number; limit?: number },
): Promise<RunEvent[]> {
  if (runIds.length === 0) return [];
  const lookback = Math.max(0, Math.trunc(opts.lookbackMs));
  const rows = await db
    .select()
    .from(auditEvents)
    .where(
      and(
        inArray(auditEvents.runId, [...runIds]),
        or(
          gt(auditEvents.id, afterId),
          sql`${auditEvents.createdAt} > now() - ${lookback} * interval '1 millisecond'`,
        ),
      ),
    )
    .orderBy(asc(auditEvents.id))
    .limit(clampLimit(opts.limit, MAX_LIMIT));
  return rows.map(toRunEvent);
}
