/**
 * Idempotent writes. With a key, the write's transaction first claims (principal, key) with
 * INSERT ... ON CONFLICT DO NOTHING: a concurrent retry blocks on that row until the first
 * transaction ends, then finds the stored response. The response is stored in the same
 * transaction as the change, so a key is never recorded for a change that did not happen.
 * Failed writes roll the claim back: only successes are remembered.
 *
 * A single-statement write (an item tick, what the run page sends with a key every time) takes
 * a shorter road first: look the key up, then store it inside the write's own statement (a
 * KeyClaim), so a keyed tick is three round trips instead of a six-step transaction. The key's
 * primary key still decides: a statement whose key someone stored meanwhile fails as a whole
 * (unique violation) and the write goes the transactional way, which replays or refuses.
 */
import { and, eq, lt, type Placeholder, sql } from 'drizzle-orm';
import { sha256 } from '@/lib/auth/crypto';
import type { Principal } from '@/lib/auth/principal';
import { LiftoffError } from '@/lib/core/errors';
import type { Db } from '@/lib/db/client';
import { isUniqueViolation } from '@/lib/db/errors';
import { idempotencyKeys } from '@/lib/db/schema';
import type { WriteContext } from './context';
import { canonicalJson } from './snapshot';

const KEY_RE = /^[\x21-\x7e]{1,200}$/;
const RETENTION_MS = 24 * 60 * 60 * 1000;
const PRUNE_EVERY_MS = 10 * 60 * 1000;

/** Keys are scoped to who sent them: an API key, or a user. */
const principalKey = (p: Principal) =>
  p.kind === 'apikey' && p.apiKeyId ? `apikey:${p.apiKeyId}` : `user:${p.userId}`;

/**
 * What a write made outside a transaction returns when it finds it needs one after all (a
 * lost race, a change that notifies): it is then run again, in a transaction.
 */
export const IN_TRANSACTION: unique symbol = Symbol('run the write again in a transaction');

/**
 * The key a single-statement write stores in its own statement, with the response it returns
 * (`storeKey` in items.ts). A statement write given a claim must store it or answer IN_TRANSACTION.
 */
export interface KeyClaim {
  principal: string;
  key: string;
  fingerprint: string;
}

export type WriteFn<T> = (
  q: Db,
  inTransaction: boolean,
  claim?: KeyClaim,
) => Promise<T | typeof IN_TRANSACTION>;

type KeyRow = { fingerprint: string; response: unknown };

/** What a stored key means for a request with this fingerprint: a replay, or a refusal. */
function replayOf<T>(prior: KeyRow | undefined, fingerprint: string): { value: T; replayed: true } {
  if (!prior || prior.response === null) {
    throw new LiftoffError(
      'conflict',
      'A request with this Idempotency-Key is still being processed; retry shortly.',
    );
  }
  if (prior.fingerprint !== fingerprint) {
    throw new LiftoffError('unprocessable', 'idempotency key reused with a different request');
  }
  return { value: prior.response as T, replayed: true };
}

/** A key's stored row; both roads read it through this one query. */
const keyQuery = (q: Db, principal: string | Placeholder, key: string | Placeholder) =>
  q
    .select({ fingerprint: idempotencyKeys.fingerprint, response: idempotencyKeys.response })
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.principal, principal), eq(idempotencyKeys.key, key)));

const preparedLookups = new WeakMap<Db, ReturnType<typeof prepareLookup>>();
const prepareLookup = (db: Db) =>
  keyQuery(db, sql.placeholder('principal'), sql.placeholder('key')).prepare('liftoff_idempotency_lookup');

/** The key's stored row, if any: one prepared round trip. */
async function lookUp(db: Db, claim: KeyClaim): Promise<KeyRow | undefined> {
  let lookup = preparedLookups.get(db);
  if (!lookup) {
    lookup = prepareLookup(db);
    preparedLookups.set(db, lookup);
  }
  const [row] = await lookup.execute({ principal: claim.principal, key: claim.key });
  return row;
}

/**
 * The short road for single-statement writes: null when the write must go the transactional
 * way (it needs a transaction, it changes nothing, or someone stored the key meanwhile).
 */
async function writeWithClaim<T extends object>(
  db: Db,
  claim: KeyClaim,
  write: WriteFn<T>,
): Promise<{ value: T; replayed: boolean } | null> {
  const prior = await lookUp(db, claim);
  if (prior) return replayOf<T>(prior, claim.fingerprint);
  try {
    const value = await write(db, false, claim);
    return value === IN_TRANSACTION ? null : { value, replayed: false };
  } catch (err) {
    if (isUniqueViolation(err)) return null;
    throw err;
  }
}

async function inTransaction<T>(db: Db, write: WriteFn<T>): Promise<T> {
  return db.transaction(async (tx) => {
    const value = await write(tx, true);
    if (value === IN_TRANSACTION) throw new Error('a write asked for a transaction while in one');
    return value;
  });
}

/**
 * Runs `write` once per idempotency key. `request` identifies the operation and its body: a
 * reused key with a different request is refused with 422 rather than replaying something
 * else. With a key, the claim, the write and the stored response share one transaction (a
 * statement write: one statement, after a look-up, when it can). Without one, `write` gets
 * `db` itself when `atomic` is 'statement' (the write is a single atomic statement and needs no
 * transaction, unless it answers IN_TRANSACTION), else a transaction.
 */
export async function idempotentWrite<T extends object>(
  db: Db,
  ctx: WriteContext,
  request: unknown,
  write: WriteFn<T>,
  atomic: 'statement' | 'transaction' = 'transaction',
): Promise<T & { replayed: boolean }> {
  const key = ctx.idempotencyKey;
  if (key === undefined) {
    const first = atomic === 'statement' ? await write(db, false) : IN_TRANSACTION;
    const value = first === IN_TRANSACTION ? await inTransaction(db, write) : first;
    return { ...value, replayed: false };
  }
  if (!KEY_RE.test(key)) {
    throw new LiftoffError(
      'validation_failed',
      'Idempotency-Key: use 1 to 200 visible ASCII characters (a UUID is a good choice).',
    );
  }
  const principal = principalKey(ctx.principal);
  const fingerprint = sha256(canonicalJson(request));
  const claim = { principal, key, fingerprint };
  const outcome =
    (atomic === 'statement' ? await writeWithClaim(db, claim, write) : null) ??
    (await db.transaction(async (tx) => {
      const claimed = await tx
        .insert(idempotencyKeys)
        .values(claim)
        .onConflictDoNothing()
        .returning({ key: idempotencyKeys.key });
      if (claimed.length === 0) {
        const [prior] = await keyQuery(tx, principal, key);
        return replayOf<T>(prior, fingerprint);
      }
      const value = await write(tx, true);
      if (value === IN_TRANSACTION) throw new Error('a write asked for a transaction while in one');
      await tx
        .update(idempotencyKeys)
        .set({ response: value })
        .where(and(eq(idempotencyKeys.principal, principal), eq(idempotencyKeys.key, key)));
      return { value, replayed: false };
    }));
  pruneSometimes(db);
  return { ...outcome.value, replayed: outcome.replayed };
}

const lastPrune = new WeakMap<Db, number>();

/** At most once per ten minutes per process and store; never on the caller's time. */
function pruneSometimes(db: Db) {
  const now = Date.now();
  if (now - (lastPrune.get(db) ?? 0) < PRUNE_EVERY_MS) return;
  lastPrune.set(db, now);
  void pruneIdempotencyKeys(db).catch(() => {});
}

export async function pruneIdempotencyKeys(db: Db, olderThanMs = RETENTION_MS): Promise<void> {
  await db
    .delete(idempotencyKeys)
    .where(lt(idempotencyKeys.createdAt, sql`now() - ${Math.trunc(olderThanMs)} * interval '1 millisecond'`));
}
