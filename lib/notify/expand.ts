/**
 * Expansion: each outbox event, once, becomes its deliveries (one per routed channel, one per
 * concerned person's email) and its in-app notifications, and gets the payload every channel
 * will send. One transaction per batch, rows claimed with FOR UPDATE SKIP LOCKED, so two
 * dispatchers never expand the same event and a crash leaves the batch for the next one.
 */
import { and, arrayOverlaps, asc, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import type { Role } from '@/lib/auth/roles';
import { type NotificationsConfig, personalEmailChannel, routedChannels } from '@/lib/config/notifications';
import { now } from '@/lib/core/clock';
import type { Db } from '@/lib/db/client';
import {
  type EventActor,
  notificationDeliveries,
  notificationEvents,
  runFollowers,
  userNotifications,
  users,
} from '@/lib/db/schema';
import { findRun } from '@/lib/runs/read';
import { signerRoleFor } from '@/lib/runs/signoff-roles';
import type { RunView } from '@/lib/runs/types';
import { EVENT_TYPES, headline, isEventType } from './events';
import type { NotificationPayload } from './payload';

type EventRow = typeof notificationEvents.$inferSelect;

/** Rows per INSERT, well under PostgreSQL's bind-parameter limit. */
const INSERT_CHUNK = 1000;

export interface ExpandOptions {
  config: NotificationsConfig;
  /** Links in messages: LIFTOFF_PUBLIC_URL. */
  publicUrl: string;
  limit?: number;
}

export interface ExpandResult {
  events: number;
  deliveries: number;
  /** People with a new in-app notification, to tell their open bells. */
  users: string[];
}

interface Person {
  id: string;
  email: string;
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** The payload of one event; `run` is the run as it is now (null for health events). */
export function buildPayload(e: EventRow, run: RunView | null, publicUrl: string): NotificationPayload {
  const f = e.facts;
  const actor = e.actor as EventActor | null;
  const p: NotificationPayload = {
    id: e.id,
    type: e.type as NotificationPayload['type'],
    occurredAt: e.occurredAt.toISOString(),
    environment: run?.environment ?? e.environment,
    summary: '',
  };
  if (run) {
    // A finished run's message says how it finished, whatever happened to it since.
    const status = e.type === 'run.finished' ? (str(f.status) ?? run.status) : run.status;
    p.run = {
      id: run.id,
      title: run.title,
      url: `${publicUrl}/runs/${run.id}`,
      status,
      ...(run.releaseVersion ? { releaseVersion: run.releaseVersion } : {}),
    };
  }
  if (actor) p.actor = { name: actor.name, kind: actor.kind };
  const itemId = str(f.itemId);
  const item = itemId && run ? run.items.find((i) => i.id === itemId) : undefined;
  if (e.type === 'item.failed' && item) {
    const note = str(f.note);
    p.item = { id: item.id, text: item.text, state: 'failed', ...(note ? { note } : {}) };
  }
  if (e.type === 'signoff.added') p.signoff = { role: str(f.role) ?? '' };
  if (e.type === 'signoff.stale') p.signoff = { roles: strings(f.roles) };
  if (e.type === 'run.ready_for_signoff' && run) p.signoff = { roles: missingRoles(run) };
  const stageId = str(f.stageId);
  const stage = stageId && run ? run.stages.find((x) => x.id === stageId) : undefined;
  if (stage && (e.type.startsWith('stage.') || e.type.startsWith('trigger.'))) {
    p.stage = { id: stage.id, title: stage.title, ...(f.forced === true ? { forced: true } : {}) };
  }
  const triggerId = str(f.triggerId);
  const trigger = triggerId ? stage?.triggers.find((t) => t.id === triggerId) : undefined;
  if (trigger) {
    const since = str(f.since);
    p.trigger = {
      id: trigger.id,
      text: trigger.text,
      ...(trigger.check ? { check: trigger.check } : {}),
      ...(f.value !== undefined ? { value: f.value } : {}),
      ...(trigger.threshold ? { threshold: trigger.threshold } : {}),
      ...(since ? { since } : {}),
    };
  }
  if (e.type.startsWith('health.')) {
    p.health = { status: str(f.status) ?? '', previous: str(f.previous) ?? '', reasons: strings(f.reasons) };
  }
  const reason = str(f.reason);
  if (reason) p.reason = reason;
  p.summary = headline(p);
  return p;
}

const missingRoles = (run: RunView) => run.signoffs.filter((s) => !s.signature || s.stale).map((s) => s.role);

/** Who an event concerns, besides the channels routes name: followers and addressees, not the actor. */
async function peopleFor(tx: Db, e: EventRow, run: RunView | null): Promise<Person[]> {
  if (!run || !isEventType(e.type) || EVENT_TYPES[e.type].scope !== 'run') return [];
  const active = isNull(users.disabledAt);
  const followers = await tx
    .select({ id: users.id, email: users.email })
    .from(runFollowers)
    .innerJoin(users, eq(users.id, runFollowers.userId))
    .where(and(eq(runFollowers.runId, run.id), active));
  let addressed: Person[] = [];
  if (e.type === 'run.ready_for_signoff') {
    const roles = [...new Set(missingRoles(run).map(signerRoleFor))] as Role[];
    if (roles.length) {
      addressed = await tx
        .select({ id: users.id, email: users.email })
        .from(users)
        .where(and(active, arrayOverlaps(users.roles, roles)));
    }
  } else if (e.type === 'signoff.stale') {
    const ids = strings(e.facts.userIds);
    if (ids.length)
      addressed = await tx
        .select({ id: users.id, email: users.email })
        .from(users)
        .where(and(active, inArray(users.id, ids)));
  }
  const actorId = (e.actor as EventActor | null)?.userId;
  const byId = new Map<string, Person>();
  for (const p of [...followers, ...addressed]) if (p.id !== actorId) byId.set(p.id, p);
  return [...byId.values()];
}

/** Expands up to `limit` events in one transaction. */
export async function expandPending(db: Db, opts: ExpandOptions): Promise<ExpandResult> {
  return db.transaction(async (tx) => {
    const events = await tx
      .select()
      .from(notificationEvents)
      .where(isNull(notificationEvents.expandedAt))
      .orderBy(asc(notificationEvents.seq))
      .limit(opts.limit ?? 100)
      .for('update', { skipLocked: true });
    const result: ExpandResult = { events: events.length, deliveries: 0, users: [] };
    if (events.length === 0) return result;
    const runs = new Map<string, RunView | null>();
    const at = now();
    const personal = personalEmailChannel(opts.config);
    const deliveries: (typeof notificationDeliveries.$inferInsert)[] = [];
    const inApp: (typeof userNotifications.$inferInsert)[] = [];
    const expanded: SQL[] = [];
    for (const e of events) {
      if (e.runId && !runs.has(e.runId)) runs.set(e.runId, await findRun(tx, e.runId));
      const run = e.runId ? (runs.get(e.runId) ?? null) : null;
      const payload = buildPayload(e, run, opts.publicUrl);
      const channels = routedChannels(opts.config, e.type, payload.environment);
      const people = await peopleFor(tx, e, run);
      // An address a routed email channel already covers gets the message once.
      const covered = new Set(
        channels.flatMap((c) => (c.type === 'email' ? c.to.map((a) => a.toLowerCase()) : [])),
      );
      const row = { eventId: e.id, state: 'pending' as const, dueAt: at, createdAt: at, updatedAt: at };
      for (const c of channels) deliveries.push({ ...row, channel: c.name, recipient: '' });
      if (personal) {
        for (const p of people) {
          if (!covered.has(p.email.toLowerCase())) {
            deliveries.push({ ...row, channel: personal.name, recipient: p.email, userId: p.id });
          }
        }
      }
      for (const p of people) inApp.push({ userId: p.id, eventId: e.id, createdAt: at });
      expanded.push(sql`(${e.id}::uuid, ${JSON.stringify(payload)}, ${payload.environment})`);
    }
    // A few statements per batch, not per event.
    for (let i = 0; i < deliveries.length; i += INSERT_CHUNK) {
      const inserted = await tx
        .insert(notificationDeliveries)
        .values(deliveries.slice(i, i + INSERT_CHUNK))
        .onConflictDoNothing()
        .returning({ id: notificationDeliveries.id });
      result.deliveries += inserted.length;
    }
    for (let i = 0; i < inApp.length; i += INSERT_CHUNK) {
      await tx
        .insert(userNotifications)
        .values(inApp.slice(i, i + INSERT_CHUNK))
        .onConflictDoNothing();
    }
    await tx.execute(sql`
      UPDATE notification_events e
      SET expanded_at = ${at.toISOString()}::timestamptz, payload = v.payload::json, environment = v.environment
      FROM (VALUES ${sql.join(expanded, sql`, `)}) AS v(id, payload, environment)
      WHERE e.id = v.id`);
    const notified = new Set(inApp.map((n) => n.userId));
    result.users = [...notified];
    return result;
  });
}
