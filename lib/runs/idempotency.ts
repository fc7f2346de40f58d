/**
 * Idempotent writes. With a key, the write's transaction first claims (principal, key) with
 * INSERT ... ON CONFLICT DO NOTHING: a concurrent retry blocks on that row until the first
 * transaction ends, then finds the stored response. The response is stored in the same
 * transaction as the change, so a key is never recorded for a change that did not happen.
 * Failed writes roll the claim back: only successes are remembered.
 */
import { and, eq, lt, sql } from 'drizzle-orm';
import { sha256 } from '@/lib/auth/crypto';
import type { Principal } from '@/lib/auth/principal';
import { LiftoffError } from '@/lib/core/errors';
import type { Db } from '@/lib/db/client';
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

export type WriteFn<T> = (q: Db, inTransaction: boolean) => Promise<T | typeof IN_TRANSACTION>;

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
 * else. With a key, the claim, the write and the stored response share one transaction.
 * Without one, `write` gets `db` itself when `atomic` is 'statement' (the write is a single
 * atomic statement and needs no transaction, unless it answers IN_TRANSACTION), else a transaction.
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
  const outcome = await db.transaction(async (tx) => {
    const claimed = await tx
      .insert(idempotencyKeys)
      .values({ principal, key, fingerprint })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key });
    if (claimed.length === 0) {
      const [prior] = await tx
        .select()
        .from(idempotencyKeys)
        .where(and(eq(idempotencyKeys.principal, principal), eq(idempotencyKeys.key, key)));
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
    const value = await write(tx, true);
    if (value === IN_TRANSACTION) throw new Error('a write asked for a transaction while in one');
    await tx
      .update(idempotencyKeys)
      .set({ response: value })
      .where(and(eq(idempotencyKeys.principal, principal), eq(idempotencyKeys.key, key)));
    return { value, replayed: false };
  });
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
