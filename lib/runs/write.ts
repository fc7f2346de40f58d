/**
 * The one path every run write takes: the Idempotency-Key claim, the transaction (or one
 * atomic statement on the tick hot path), the outbox rows of the notifications the change
 * causes (in the same transaction), and — only after commit — delivery of the audit event the
 * write appended to every listener (live fan-out to browsers on every instance). Writes return
 * their event; none publishes or notifies on its own, so a new write cannot forget to.
 */
import type { Db } from '@/lib/db/client';
import type { WriteContext } from './context';
import { IN_TRANSACTION, idempotentWrite, type WriteFn } from './idempotency';
import type { RunEvent, WriteResult } from './types';

export { IN_TRANSACTION };

/** What every run write returns: its result and the audit event it appended (null: nothing changed). */
export interface WriteOutput {
  event: RunEvent | null;
}

type Listener = (event: RunEvent) => Promise<void> | void;

/**
 * Work that must commit with a run change (notification outbox rows). A write whose event it
 * needs a transaction for is run in one, so the rows commit with the change or not at all.
 */
export interface TransactionalHook {
  needsTransaction(event: RunEvent): boolean;
  inTransaction(tx: Db, event: RunEvent): Promise<void>;
}

// On globalThis: Next.js may load this module once per route bundle, and what start-up
// registers must be seen by every copy.
const g = globalThis as unknown as {
  __liftoffRunEventListeners?: Set<Listener>;
  __liftoffRunWriteHooks?: Set<TransactionalHook>;
};
g.__liftoffRunEventListeners ??= new Set();
g.__liftoffRunWriteHooks ??= new Set();
const listeners = g.__liftoffRunEventListeners;
const hooks = g.__liftoffRunWriteHooks;

/** Registers a listener for committed run events (start-up wires the live bus); returns its removal. */
export function onRunEvent(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Registers work done inside every run write's transaction (start-up wires notifications). */
export function onRunWriteInTransaction(hook: TransactionalHook): () => void {
  hooks.add(hook);
  return () => hooks.delete(hook);
}

async function deliver(event: RunEvent): Promise<void> {
  for (const listener of listeners) await listener(event);
}

/**
 * Runs one write of a run. `request` identifies the operation for idempotency; `atomic` says
 * whether `write` is one atomic statement (no transaction needed) or needs a transaction. A
 * statement write whose change notifies must answer IN_TRANSACTION and is run again in one.
 * A replayed idempotent response publishes nothing: its event went out the first time.
 */
export async function runWrite<T extends WriteOutput>(
  db: Db,
  ctx: WriteContext,
  request: unknown,
  write: WriteFn<T>,
  atomic: 'statement' | 'transaction' = 'transaction',
): Promise<WriteResult<T>> {
  const withOutbox: WriteFn<T> = async (q, inTransaction, claim) => {
    const out = await write(q, inTransaction, claim);
    if (out === IN_TRANSACTION || !out.event) return out;
    for (const hook of hooks) {
      if (inTransaction) await hook.inTransaction(q, out.event);
      else if (hook.needsTransaction(out.event))
        throw new Error('a notifying run write ran outside a transaction');
    }
    return out;
  };
  const result = await idempotentWrite(db, ctx, request, withOutbox, atomic);
  if (!result.replayed && result.event) await deliver(result.event);
  return result;
}
