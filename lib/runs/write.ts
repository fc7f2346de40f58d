/**
 * The one path every run write takes: the Idempotency-Key claim, the transaction (or one
 * atomic statement on the tick hot path), and — only after commit — delivery of the audit
 * event the write appended to every listener (live fan-out to browsers on every instance).
 * Writes return their event; none publishes on its own, so a new write cannot forget to.
 */
import type { Db } from '@/lib/db/client';
import type { WriteContext } from './context';
import { idempotentWrite } from './idempotency';
import type { RunEvent, WriteResult } from './types';

/** What every run write returns: its result and the audit event it appended (null: nothing changed). */
export interface WriteOutput {
  event: RunEvent | null;
}

type Listener = (event: RunEvent) => Promise<void> | void;

// On globalThis: Next.js may load this module once per route bundle, and listeners registered
// at start-up must be seen by every copy.
const g = globalThis as unknown as { __liftoffRunEventListeners?: Set<Listener> };
g.__liftoffRunEventListeners ??= new Set();
const listeners = g.__liftoffRunEventListeners;

/** Registers a listener for committed run events (start-up wires the live bus); returns its removal. */
export function onRunEvent(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

async function deliver(event: RunEvent): Promise<void> {
  for (const listener of listeners) await listener(event);
}

/**
 * Runs one write of a run. `request` identifies the operation for idempotency; `atomic` says
 * whether `write` is one atomic statement (no transaction needed) or needs a transaction.
 * A replayed idempotent response publishes nothing: its event went out the first time.
 */
export async function runWrite<T extends WriteOutput>(
  db: Db,
  ctx: WriteContext,
  request: unknown,
  write: (q: Db, inTransaction: boolean) => Promise<T>,
  atomic: 'statement' | 'transaction' = 'transaction',
): Promise<WriteResult<T>> {
  const result = await idempotentWrite(db, ctx, request, write, atomic);
  if (!result.replayed && result.event) await deliver(result.event);
  return result;
}
