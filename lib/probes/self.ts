import 'server-only';
import type { Database } from '@/lib/db/client';
import type { ProbeOptions, SelfStore } from './types';

/**
 * `postgres:self` without DATABASE_URL means Liftoff's embedded store, which only the app can
 * reach (PGlite lives in its process). The app may register its handle; otherwise probes use
 * the process-wide store from lib/db. Tests pass their own per call.
 */
const g = globalThis as unknown as { __liftoffSelfStore?: SelfStore };

export function setSelfStore(store: SelfStore | undefined): void {
  g.__liftoffSelfStore = store;
}

export async function selfDatabase(opts: ProbeOptions = {}): Promise<Database> {
  const store = opts.selfStore ?? g.__liftoffSelfStore;
  if (store) return store();
  const { database } = await import('@/lib/db/client');
  return database();
}
