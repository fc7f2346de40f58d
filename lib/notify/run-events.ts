/**
 * Which run changes notify, decided inside the change's transaction (lib/runs' write path calls
 * `recordRunNotifications` for every write that ran in one). `run.ready_for_signoff` is the one
 * run event not decided here: a commit-time trigger on run_items writes it, so a plain tick
 * stays one statement (see the notifications migration).
 */
import { eq } from 'drizzle-orm';
import type { Db } from '@/lib/db/client';
import { type EventActor, runFollowers, runItems, runSignoffs, runs } from '@/lib/db/schema';
import { currentSnapshot, signoffViews } from '@/lib/runs/read';
import { signoffRolesOf } from '@/lib/runs/signoff-roles';
import { snapshotHash } from '@/lib/runs/snapshot';
import { templateModel } from '@/lib/runs/template-model';
import type { ActorRef, FieldValue, ItemState, RunEvent, RunItemState, SignoffView } from '@/lib/runs/types';
import { onRunWriteInTransaction } from '@/lib/runs/write';
import { type NewNotificationEvent, recordNotificationEvents } from './outbox';

const actorOf = (a: ActorRef): EventActor => ({ userId: a.userId, name: a.name, kind: a.kind });

const stateOf = (v: unknown): ItemState | undefined => (v as RunItemState | null)?.state;

/**
 * An item write that turns the item failed notifies. Such a write must run in a transaction;
 * lib/runs checks this for writes it made outside one.
 */
export const itemFailureIn = (e: RunEvent): boolean =>
  (e.action === 'item.state' || e.action === 'check.verify') &&
  stateOf(e.after) === 'failed' &&
  stateOf(e.before) !== 'failed';

/** Records the notifications one committed-to-be run change causes. Call inside its transaction. */
export async function recordRunNotifications(tx: Db, e: RunEvent): Promise<void> {
  const base = { runId: e.runId, auditEventId: e.id, actor: actorOf(e.actor), occurredAt: new Date(e.at) };
  const out: NewNotificationEvent[] = [];
  switch (e.action) {
    case 'run.create': {
      // The person who starts a run follows it; a pipeline's key does not make its owner follow.
      if (e.actor.kind === 'user' && e.actor.userId) {
        await tx
          .insert(runFollowers)
          .values({ runId: e.runId, userId: e.actor.userId })
          .onConflictDoNothing();
      }
      const environment = (e.after as { environment?: string } | null)?.environment ?? null;
      out.push({ ...base, type: 'run.started', environment });
      break;
    }
    case 'run.status': {
      const after = e.after as { status: string; reason?: string };
      out.push({
        ...base,
        type: 'run.finished',
        facts: { status: after.status, reason: after.reason ?? null },
      });
      break;
    }
    case 'signoff.sign': {
      out.push({ ...base, type: 'signoff.added', facts: { role: e.subject ?? null } });
      const before = e.before as SignoffView | null;
      // The run turns verified with this signature (it was not before: this row was not current).
      if ((!before || before.stale) && (await allSignedCurrent(tx, e.runId))) {
        out.push({ ...base, type: 'run.finished', facts: { status: 'verified' } });
      }
      break;
    }
    case 'item.state':
    case 'check.verify': {
      if (itemFailureIn(e)) {
        const note = (e.after as RunItemState).note ?? e.note ?? null;
        out.push({ ...base, type: 'item.failed', facts: { itemId: e.subject, note } });
      }
      const before = stateOf(e.before);
      if (before && before !== stateOf(e.after)) {
        out.push(...(await staleSignoffs(tx, e, { itemId: e.subject!, state: before })));
      }
      break;
    }
    case 'stage.start': {
      const after = e.after as { forced?: boolean };
      out.push({
        ...base,
        type: 'stage.started',
        facts: { stageId: e.subject ?? null, forced: after.forced === true },
      });
      break;
    }
    case 'stage.gate_pass':
      out.push({ ...base, type: 'stage.gate_passed', facts: { stageId: e.subject ?? null } });
      break;
    case 'trigger.fire':
    case 'trigger.resolve':
    case 'trigger.ack': {
      const after = (e.after ?? {}) as { stageId?: string; value?: unknown; since?: string };
      const type =
        e.action === 'trigger.fire'
          ? 'trigger.fired'
          : e.action === 'trigger.resolve'
            ? 'trigger.resolved'
            : 'trigger.acknowledged';
      out.push({
        ...base,
        type,
        facts: {
          triggerId: e.subject ?? null,
          stageId: after.stageId ?? null,
          value: after.value ?? null,
          since: after.since ?? null,
          ...(e.action === 'trigger.ack' ? { reason: e.note ?? null } : {}),
        },
      });
      break;
    }
    case 'field.set':
      out.push(...(await staleSignoffs(tx, e, { field: e.subject!, value: e.before as FieldValue })));
      break;
    default:
      break;
  }
  await recordNotificationEvents(tx, out);
}

async function runState(tx: Db, runId: string) {
  const [run] = await tx.select().from(runs).where(eq(runs.id, runId));
  if (!run) return null;
  const [model, items, signoffs] = [
    await templateModel(tx, run.templateId, run.templateVersion),
    await tx
      .select({ id: runItems.itemId, state: runItems.state })
      .from(runItems)
      .where(eq(runItems.runId, runId)),
    await tx.select().from(runSignoffs).where(eq(runSignoffs.runId, runId)),
  ];
  return { run, model, items, signoffs };
}

async function allSignedCurrent(tx: Db, runId: string): Promise<boolean> {
  const s = await runState(tx, runId);
  if (!s) return false;
  const hash = snapshotHash(currentSnapshot(s.run, s.model, s.items));
  const views = signoffViews(signoffRolesOf(s.model.signoff.roles), s.signoffs, hash);
  return views.every((v) => v.signature && !v.stale);
}

type Undo = { itemId: string; state: ItemState } | { field: string; value: FieldValue };

/**
 * Signatures that were current just before this change and are not after it. Only runs that
 * have signatures pay for the hashing; lib/runs sends their item writes through a transaction.
 */
async function staleSignoffs(tx: Db, e: RunEvent, undo: Undo): Promise<NewNotificationEvent[]> {
  const signed = await tx
    .select({ role: runSignoffs.role })
    .from(runSignoffs)
    .where(eq(runSignoffs.runId, e.runId))
    .limit(1);
  if (signed.length === 0) return [];
  const s = await runState(tx, e.runId);
  if (!s) return [];
  const after = snapshotHash(currentSnapshot(s.run, s.model, s.items));
  const before =
    'itemId' in undo
      ? snapshotHash(
          currentSnapshot(
            s.run,
            s.model,
            s.items.map((i) => (i.id === undo.itemId ? { ...i, state: undo.state } : i)),
          ),
        )
      : snapshotHash(
          currentSnapshot(
            { ...s.run, fields: { ...s.run.fields, [undo.field]: undo.value } },
            s.model,
            s.items,
          ),
        );
  const order = signoffRolesOf(s.model.signoff.roles);
  const stale = s.signoffs
    .filter((r) => r.snapshotHash === before && r.snapshotHash !== after)
    .sort((a, b) => order.indexOf(a.role) - order.indexOf(b.role));
  if (stale.length === 0) return [];
  return [
    {
      runId: e.runId,
      auditEventId: e.id,
      actor: actorOf(e.actor),
      occurredAt: new Date(e.at),
      type: 'signoff.stale',
      facts: {
        roles: stale.map((r) => r.role),
        userIds: stale.map((r) => r.userId),
        subject: e.subject ?? null,
      },
    },
  ];
}

const g = globalThis as unknown as { __liftoffRunNotifications?: boolean };

/**
 * Start-up (and tests of notifications): every run write records the notifications it causes
 * in its own transaction, through lib/runs' write path.
 */
export function recordRunNotificationsOnWrite(): void {
  if (g.__liftoffRunNotifications) return;
  g.__liftoffRunNotifications = true;
  onRunWriteInTransaction({ needsTransaction: itemFailureIn, inTransaction: recordRunNotifications });
}
