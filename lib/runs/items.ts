/**
 * Item writes: the hot path (many people and CI ticking at once). Without an idempotency key
 * a write is two statements and no explicit transaction: a read of the item, then one atomic
 * statement that updates the item only if its version is still the one read (optimistic, so
 * no lock is held between round trips), inserts the audit event and, for a run's first change
 * only, sets the run's started_at. The run row is otherwise never touched, so writers of one
 * run never queue behind each other. A lost race on the version is retried from the read.
 * A change that notifies (an item failing, a change to a signed run) is retried the same way,
 * in a transaction, so its outbox rows commit with it; the tick that completes a run is seen
 * by a commit-time trigger and costs nothing here.
 */
import { and, eq, type Placeholder, sql } from 'drizzle-orm';
import { z } from 'zod';
import { clock } from '@/lib/core/clock';
import { LiftoffError } from '@/lib/core/errors';
import { parseWith } from '@/lib/core/validate';
import { type Db, rowsOf } from '@/lib/db/client';
import { runItems, runOccurrences, runStages, runs } from '@/lib/db/schema';
import { actorOf, requireRunWriter, type WriteContext } from './context';
import type { KeyClaim } from './idempotency';
import { type ItemRow, itemStateOf } from './row-views';
import { changedBy, runNotFound, terminalConflict } from './run-errors';
import { guardItemStage, type ItemStageInfo } from './stages';
import {
  type ActorRef,
  type AuditAction,
  ITEM_STATES,
  type ItemState,
  type RunEvent,
  type RunItemState,
  type WriteResult,
} from './types';
import { IN_TRANSACTION, runWrite } from './write';

const MAX_NOTE = 4000;
const MAX_EVIDENCE_BYTES = 64 * 1024;

const note = z
  .string()
  .max(MAX_NOTE, `must be at most ${MAX_NOTE} characters`)
  .transform((s) => s.trim());

export const itemStateInput = z.strictObject({
  state: z.enum(ITEM_STATES, { message: `must be one of ${ITEM_STATES.join(', ')}` }),
  /** The reason for skipped, what went wrong for failed; optional otherwise. */
  note: note.optional(),
  expectedVersion: z.number().int().positive().optional(),
});
export type ItemStateInput = z.input<typeof itemStateInput>;

export const itemNoteInput = z.strictObject({
  /** An empty note removes it. */
  note: note.nullable(),
  expectedVersion: z.number().int().positive().optional(),
});
export type ItemNoteInput = z.input<typeof itemNoteInput>;

/**
 * The body of `PATCH …/items/:itemId`: with `state` a state change, without it a note edit.
 * Strict: a client sends a state and a note, nothing more (evidence comes only from checks).
 */
export const itemPatchInput = z.preprocess(
  (raw) =>
    raw && typeof raw === 'object' && !Array.isArray(raw)
      ? { ...raw, kind: 'state' in raw ? 'state' : 'note' }
      : raw,
  z.discriminatedUnion('kind', [
    itemStateInput.extend({ kind: z.literal('state') }),
    itemNoteInput.extend({ kind: z.literal('note') }),
  ]),
);
export type ItemPatch = z.output<typeof itemPatchInput>;

/** What a check measured: the state it implies, its evidence and, on failure, why. */
export interface CheckOutcome {
  state: 'done' | 'failed';
  evidence: unknown;
  note?: string;
}

export interface ItemWriteResult {
  item: RunItemState;
  /** null when the write changed nothing (same state, same note): no version bump, no event. */
  event: RunEvent | null;
}

interface Current {
  item: ItemRow;
  startedAt: Date | null;
  /** Someone signed the run: a state change may make their signature stale, which notifies. */
  signed: boolean;
  /** Database clock, millisecond precision: the time of the change if it lands. */
  now: Date;
  stage: ItemStageInfo;
  /** A recurring item: the period this write records (its state is that period's). */
  periodStart?: Date;
}

/** The item with its run's state, and the database clock, in one round trip. */
function itemQuery(q: Db, runId: string | Placeholder, itemId: string | Placeholder) {
  return (
    q
      .select({
        item: runItems,
        terminalStatus: runs.terminalStatus,
        statusReason: runs.statusReason,
        startedAt: runs.startedAt,
        gated: runs.gated,
        createdAt: runs.createdAt,
        templateId: runs.templateId,
        templateVersion: runs.templateVersion,
        stageStartedAt: runStages.startedAt,
        signed: sql<boolean>`EXISTS (SELECT 1 FROM run_signoffs s WHERE s.run_id = ${runs.id})`,
        now: sql<string>`to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
      })
      .from(runItems)
      .innerJoin(runs, eq(runs.id, runItems.runId))
      // Items outside stages have no stage id: the join finds nothing and costs an index probe.
      .leftJoin(runStages, and(eq(runStages.runId, runItems.runId), eq(runStages.stageId, runItems.stageId)))
      .where(and(eq(runItems.runId, runId), eq(runItems.itemId, itemId)))
  );
}

/**
 * The unlocked read is the hot path: built once per store and prepared (PostgreSQL parses and
 * plans it once per connection), instead of being assembled by drizzle on every tick.
 */
const preparedReads = new WeakMap<Db, ReturnType<typeof prepareRead>>();
const prepareRead = (q: Db) =>
  itemQuery(q, sql.placeholder('runId'), sql.placeholder('itemId')).prepare('liftoff_read_item');

async function readItem(q: Db, runId: string, itemId: string, lock: boolean): Promise<Current> {
  let read = lock ? undefined : preparedReads.get(q);
  if (!lock && !read) {
    read = prepareRead(q);
    preparedReads.set(q, read);
  }
  const [row] = read
    ? await read.execute({ runId, itemId })
    : await itemQuery(q, runId, itemId).for('update', { of: runItems });
  if (!row) {
    const [run] = await q.select({ id: runs.id }).from(runs).where(eq(runs.id, runId));
    throw run ? new LiftoffError('not_found', `This run has no item "${itemId}".`) : runNotFound();
  }
  if (row.terminalStatus) throw terminalConflict(row.terminalStatus, row.statusReason);
  const stage: ItemStageInfo = {
    runId,
    templateId: row.templateId,
    templateVersion: row.templateVersion,
    gated: row.gated,
    createdAt: row.createdAt,
    stageId: row.item.stageId,
    stageRole: row.item.stageRole,
    everyMs: row.item.everyMs,
    stageStartedAt: row.stageStartedAt,
  };
  return { item: row.item, startedAt: row.startedAt, signed: row.signed, now: new Date(row.now), stage };
}

/**
 * A recurring item's state is its current period's: the item row mirrors the last
 * occurrence, so a new period starts open whatever the row says.
 */
async function withPeriod(q: Db, cur: Current, periodStart: Date): Promise<Current> {
  const [occurrence] = await q
    .select()
    .from(runOccurrences)
    .where(
      and(
        eq(runOccurrences.runId, cur.item.runId),
        eq(runOccurrences.itemId, cur.item.itemId),
        eq(runOccurrences.periodStart, periodStart),
      ),
    );
  const item: ItemRow = occurrence
    ? { ...cur.item, state: occurrence.state, note: occurrence.note, evidence: occurrence.evidence }
    : { ...cur.item, state: 'open', note: null, noteByName: null, noteAt: null, evidence: null, via: null };
  return { ...cur, item, periodStart };
}

function checkVersion(item: ItemRow, expected: number | undefined) {
  if (expected === undefined || expected === item.version) return;
  const last =
    item.noteAt && (!item.stateAt || item.noteAt > item.stateAt)
      ? changedBy(item.noteByName, item.noteAt)
      : changedBy(item.byName, item.stateAt);
  throw new LiftoffError(
    'conflict',
    `This item was changed by ${last} (now version ${item.version}, you had ${expected}); reload it and try again.`,
    { current: itemStateOf(item) },
  );
}

/** What a write does to the item, decided from its current row; null when nothing changes. */
interface Change {
  action: AuditAction;
  next: ItemRow;
  note: string | null;
}

const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));
const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * Updates the item if its version is still the one read, and records the event: one statement, atomic.
 * Returns the event id, or null when another write got there first.
 */
async function writeIfUnchanged(
  q: Db,
  ctx: WriteContext,
  actor: ActorRef,
  cur: Current,
  change: Change,
  before: RunItemState,
  after: RunItemState,
  stored: StoredKey | null,
): Promise<number | null> {
  const { next } = change;
  const at = cur.now.toISOString();
  // The first change of a run starts it; afterwards this part is left out and the run row untouched.
  const start = cur.startedAt
    ? sql``
    : sql`, started AS (
        UPDATE runs SET started_at = ${at}::timestamptz
        WHERE id = ${next.runId} AND started_at IS NULL AND EXISTS (SELECT 1 FROM upd))`;
  const result = await q.execute(sql`
    WITH upd AS (
      UPDATE run_items SET
        state = ${next.state}, version = ${next.version}, via = ${next.via},
        by_user_id = ${next.byUserId}, by_name = ${next.byName}, by_kind = ${next.byKind},
        state_at = ${iso(next.stateAt)}::timestamptz, evidence = ${json(next.evidence)}::jsonb,
        note = ${next.note}, note_by_name = ${next.noteByName}, note_at = ${iso(next.noteAt)}::timestamptz
      WHERE run_id = ${next.runId} AND item_id = ${next.itemId} AND version = ${cur.item.version}
        AND NOT EXISTS (SELECT 1 FROM runs WHERE id = ${next.runId} AND terminal_status IS NOT NULL)
      RETURNING run_id
    ), ev AS (
      INSERT INTO audit_events
        (run_id, action, actor_id, actor_name, actor_kind, api_key_id, subject, before, after, note, request_id, created_at)
      SELECT run_id, ${change.action}, ${actor.userId}, ${actor.name}, ${actor.kind}, ${actor.apiKeyId ?? null},
        ${next.itemId}, ${json(before)}::jsonb, ${json(after)}::jsonb, ${change.note}, ${ctx.requestId ?? null},
        ${at}::timestamptz
      FROM upd
      RETURNING id
    )${start}${occurrence(cur, next, actor, at)}${storeKey(stored, after)}
    SELECT id FROM ev`);
  const [row] = rowsOf<{ id: string | number }>(result);
  return row ? Number(row.id) : null;
}

/** An Idempotency-Key stored by the write's own statement, with the event it answers (id aside). */
interface StoredKey {
  claim: KeyClaim;
  event: Omit<RunEvent, 'id'>;
}

/**
 * The key and the response a replay returns (`{ item, event }`, the event's id from this
 * statement's audit insert). Its primary key makes a key someone stored meanwhile fail the whole
 * statement, item update included.
 */
function storeKey(stored: StoredKey | null, after: RunItemState) {
  if (!stored) return sql``;
  const { principal, key, fingerprint } = stored.claim;
  return sql`, idem AS (
        INSERT INTO idempotency_keys (principal, key, fingerprint, response)
        SELECT ${principal}, ${key}, ${fingerprint}, jsonb_build_object(
          'item', ${json(after)}::jsonb,
          'event', ${json(stored.event)}::jsonb || jsonb_build_object('id', ev.id))
        FROM ev)`;
}

/** For a recurring item, the period's occurrence is written with the item, in the same statement. */
function occurrence(cur: Current, next: ItemRow, actor: ActorRef, at: string) {
  if (!cur.periodStart) return sql``;
  return sql`, occ AS (
        INSERT INTO run_occurrences
          (run_id, item_id, period_start, state, by_user_id, by_name, by_kind, via, at, note, evidence)
        SELECT run_id, ${next.itemId}, ${cur.periodStart.toISOString()}::timestamptz, ${next.state},
          ${actor.userId}, ${actor.name}, ${actor.kind}, ${next.via}, ${at}::timestamptz, ${next.note},
          ${json(next.evidence)}::jsonb
        FROM upd
        ON CONFLICT (run_id, item_id, period_start) DO UPDATE SET
          state = EXCLUDED.state, by_user_id = EXCLUDED.by_user_id, by_name = EXCLUDED.by_name,
          by_kind = EXCLUDED.by_kind, via = EXCLUDED.via, at = EXCLUDED.at, note = EXCLUDED.note,
          evidence = EXCLUDED.evidence)`;
}

type Decide = (cur: Current, actor: ActorRef) => Change | null;

/**
 * Read, decide, write. Optimistic first: two statements, no lock held between them. When a
 * concurrent write to the same item wins the race, or the change notifies, the write is run
 * again in a transaction (IN_TRANSACTION) that takes the row lock, so a busy item queues
 * writers rather than starving them.
 */
async function changeItem(
  q: Db,
  inTransaction: boolean,
  ctx: WriteContext,
  runId: string,
  itemId: string,
  expectedVersion: number | undefined,
  decide: Decide,
  claim: KeyClaim | undefined,
): Promise<ItemWriteResult | typeof IN_TRANSACTION> {
  if (!inTransaction)
    return (await attempt(q, false, ctx, runId, itemId, expectedVersion, decide, claim)) ?? IN_TRANSACTION;
  const result = await attempt(q, true, ctx, runId, itemId, expectedVersion, decide, undefined);
  // With the row locked nobody can move the version on: a miss would be a bug.
  if (!result) throw new Error('item write matched no row while holding its lock');
  return result;
}

/** A change whose outbox rows must commit with it: an item turning failed, any state change of a signed run. */
const notifies = (cur: Current, change: Change) =>
  change.next.state !== cur.item.state && (change.next.state === 'failed' || cur.signed);

async function attempt(
  q: Db,
  lock: boolean,
  ctx: WriteContext,
  runId: string,
  itemId: string,
  expectedVersion: number | undefined,
  decide: Decide,
  /** A key to store in the write's statement; a change of nothing then goes the transactional way, which stores it. */
  claim: KeyClaim | undefined,
): Promise<ItemWriteResult | null> {
  const actor = actorOf(ctx.principal);
  let cur = await readItem(q, runId, itemId, lock);
  checkVersion(cur.item, expectedVersion);
  const { periodStart } = await guardItemStage(q, cur.stage, clock.date());
  if (periodStart) cur = await withPeriod(q, cur, periodStart);
  const change = decide(cur, actor);
  if (!change) return claim ? null : { item: itemStateOf(cur.item), event: null };
  if (!lock && notifies(cur, change)) return null;
  const before = itemStateOf(cur.item);
  const after = itemStateOf(change.next);
  const event: Omit<RunEvent, 'id'> = {
    runId,
    action: change.action,
    actor,
    subject: itemId,
    before,
    after,
    ...(change.note !== null ? { note: change.note } : {}),
    at: cur.now.toISOString(),
    ...(ctx.requestId ? { requestId: ctx.requestId } : {}),
  };
  const stored = claim ? { claim, event } : null;
  const id = await writeIfUnchanged(q, ctx, actor, cur, change, before, after, stored);
  // Lost the race to a concurrent write of the same item.
  if (id === null) return null;
  return { item: after, event: { id, ...event } };
}

/** One item write through the one write path: a single statement unless it needs more. */
function writeItem(
  db: Db,
  ctx: WriteContext,
  request: unknown,
  runId: string,
  itemId: string,
  expectedVersion: number | undefined,
  decide: Decide,
): Promise<WriteResult<ItemWriteResult>> {
  return runWrite(
    db,
    ctx,
    request,
    (q, inTx, claim) => changeItem(q, inTx, ctx, runId, itemId, expectedVersion, decide, claim),
    'statement',
  );
}

const missingNote = (state: ItemState) =>
  new LiftoffError(
    'unprocessable',
    state === 'skipped' ? 'Give a reason when skipping an item.' : 'Add a note saying what failed.',
  );

/** Sets an item's state by hand. Skipped needs a reason and failed needs a note (422). */
export async function setItemState(
  db: Db,
  ctx: WriteContext,
  runId: string,
  itemId: string,
  input: ItemStateInput,
): Promise<WriteResult<ItemWriteResult>> {
  requireRunWriter(ctx.principal, 'change items');
  const body = parseWith(itemStateInput, input);
  return writeState(db, ctx, runId, itemId, body, null);
}

/**
 * Records what an item's bound check measured: the only way evidence reaches an item, and the
 * only write recorded as `check.verify`. Called by the Verify button and continuous checks,
 * never with a client's body.
 */
export async function recordCheckOutcome(
  db: Db,
  ctx: WriteContext,
  runId: string,
  itemId: string,
  outcome: CheckOutcome,
): Promise<WriteResult<ItemWriteResult>> {
  requireRunWriter(ctx.principal, 'verify items');
  const evidence = JSON.stringify(outcome.evidence ?? null);
  if (evidence.length > MAX_EVIDENCE_BYTES)
    throw new LiftoffError(
      'unprocessable',
      'The check returned more than 64 KB of evidence; nothing was recorded.',
    );
  const note = outcome.note?.slice(0, MAX_NOTE).trim() || undefined;
  return writeState(
    db,
    ctx,
    runId,
    itemId,
    { state: outcome.state, note },
    { evidence: outcome.evidence ?? null },
  );
}

async function writeState(
  db: Db,
  ctx: WriteContext,
  runId: string,
  itemId: string,
  body: z.output<typeof itemStateInput>,
  /** What a check measured; null for a person's change. */
  check: { evidence: unknown } | null,
): Promise<WriteResult<ItemWriteResult>> {
  const byCheck = check !== null;
  const givenNote = body.note === undefined ? undefined : body.note || null;
  const needsNote = body.state === 'skipped' || body.state === 'failed';
  // Changing to skipped / failed needs its reason in the same request; an empty note never does.
  if (needsNote && givenNote === null) throw missingNote(body.state);

  const request = { op: byCheck ? 'item.check' : 'item.state', runId, itemId, body };
  return writeItem(db, ctx, request, runId, itemId, body.expectedVersion, ({ item, now }, actor) => {
    if (needsNote && givenNote === undefined && item.state !== body.state) throw missingNote(body.state);
    const noteChanges = givenNote !== undefined && givenNote !== item.note;
    if (item.state === body.state && !noteChanges && !byCheck) return null;
    return {
      action: byCheck ? 'check.verify' : 'item.state',
      note: givenNote ?? null,
      next: {
        ...item,
        state: body.state,
        version: item.version + 1,
        byUserId: actor.userId,
        byName: actor.name,
        byKind: actor.kind,
        via: byCheck ? 'check' : null,
        stateAt: now,
        // A manual change drops evidence a check left: it no longer explains the state.
        evidence: check ? check.evidence : null,
        ...(noteChanges ? { note: givenNote, noteByName: actor.name, noteAt: now } : {}),
      },
    };
  });
}

/** `PATCH …/items/:itemId`: a state change or a note edit. */
export function patchItem(
  db: Db,
  ctx: WriteContext,
  runId: string,
  itemId: string,
  patch: ItemPatch,
): Promise<WriteResult<ItemWriteResult>> {
  if (patch.kind === 'state') {
    const { kind: _, ...body } = patch;
    return setItemState(db, ctx, runId, itemId, body);
  }
  const { kind: _, ...body } = patch;
  return setItemNote(db, ctx, runId, itemId, body);
}

/** Adds, edits or removes an item's note without touching its state. */
export async function setItemNote(
  db: Db,
  ctx: WriteContext,
  runId: string,
  itemId: string,
  input: ItemNoteInput,
): Promise<WriteResult<ItemWriteResult>> {
  requireRunWriter(ctx.principal, 'add notes');
  const body = parseWith(itemNoteInput, input);
  const next = body.note || null;
  const request = { op: 'item.note', runId, itemId, body };
  return writeItem(db, ctx, request, runId, itemId, body.expectedVersion, ({ item, now }, actor) => {
    if (next === item.note) return null;
    if (next === null && (item.state === 'skipped' || item.state === 'failed')) {
      throw new LiftoffError(
        'unprocessable',
        `A ${item.state} item keeps its ${item.state === 'skipped' ? 'reason' : 'note'}; edit it instead.`,
      );
    }
    return {
      action: 'item.note',
      note: next,
      next: {
        ...item,
        version: item.version + 1,
        note: next,
        noteByName: next === null ? null : actor.name,
        noteAt: next === null ? null : now,
      },
    };
  });
}
