import type { Database } from '@/lib/db/client';

export type { ProbeResult } from '@/lib/checks/result';
export type { ProbeModule } from './runner';

/** How probes reach Liftoff's own embedded store (`postgres:self` without DATABASE_URL). */
export type SelfStore = () => Promise<Database>;

export interface ProbeOptions {
  /** Upper bound for the whole probe; default the target's timeout (2 s). */
  timeoutMs?: number;
  /** Cancels the probe; it then resolves with `ok: false`, never rejects. */
  signal?: AbortSignal;
  /** Multi-instance kinds (http, tcp): which instance (by name); default the first. */
  instance?: string;
  /** Overrides the process-wide self store (see `setSelfStore`). */
  selfStore?: SelfStore;
  /**
   * redis `hitrate`: whose window the sample closes (default `probe`). The monitor keeps its
   * own, so a Verify click does not shorten the scheduler's window and vice versa.
   */
  hitRateConsumer?: string;
  /**
   * prometheus: probes given the same round share one scrape of the target, so many
   * expressions over one endpoint (rollback triggers) cost one scrape per round.
   */
  scrapeRound?: number;
}
