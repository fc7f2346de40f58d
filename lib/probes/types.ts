import type { HttpProbe, PostgresProbe, PrometheusProbe, RedisProbe } from '@/lib/checks/ast';
import type { ProbeResult } from '@/lib/checks/result';
import type {
  HttpTarget,
  PostgresTarget,
  PrometheusTarget,
  RedisTarget,
  TargetKind,
} from '@/lib/config/targets';
import type { Database } from '@/lib/db/client';

export type { ProbeResult } from '@/lib/checks/result';

/** How probes reach Liftoff's own embedded store (`postgres:self` without DATABASE_URL). */
export type SelfStore = () => Promise<Database>;

export interface ProbeOptions {
  /** Upper bound for the whole probe; default the target's timeout (2 s). */
  timeoutMs?: number;
  /** Cancels the probe; it then resolves with `ok: false`, never rejects. */
  signal?: AbortSignal;
  /** http: which instance (by name); default the first. */
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

/**
 * One module per target kind. The request types are the check parser's probe AST, so a
 * parsed check runs as is. `run` never throws: every failure is `ok: false` with an error.
 */
export interface ProbeModule<Kind extends TargetKind, T, P> {
  kind: Kind;
  run(target: T, request: P, opts?: ProbeOptions): Promise<ProbeResult>;
}

export type RedisProbeModule = ProbeModule<'redis', RedisTarget, RedisProbe>;
export type PostgresProbeModule = ProbeModule<'postgres', PostgresTarget, PostgresProbe>;
export type HttpProbeModule = ProbeModule<'http', HttpTarget, HttpProbe>;
export type PrometheusProbeModule = ProbeModule<'prometheus', PrometheusTarget, PrometheusProbe>;
