import 'server-only';
import type { Redis } from 'ioredis';
import { DEFAULT_INTERVAL_MS, type Target, type TargetsConfig } from '@/lib/config/targets';
import type { Database } from '@/lib/db/client';
import { errorText, log } from '@/lib/log';
import type { SelfStore } from '@/lib/probes';
import { pruneHistory, type Retention, rollupMinutes } from './history';
import { LeaderElection, type Leadership } from './leader';
import { sampleTarget } from './sample-target';
import { ProbeScheduler, type SampleFn } from './scheduler';
import { RAW_RETENTION_MS, ROLLUP_RETENTION_MS } from './types';
import { SampleWriter } from './writer';

/**
 * The monitor of one Liftoff instance: takes part in the leader election and, while it leads,
 * probes every target of every environment, writes the samples, rolls up complete minutes
 * and prunes old history.
 */

export interface MonitorOptions {
  store: Database;
  /** Read at every election step, so a reloaded configuration is picked up within half a lease. */
  config: () => TargetsConfig;
  /** The lease's Redis (the app's client); null or absent: no Redis. */
  redis?: Redis | null;
  /** For the advisory lock's own connection; default the store pool's URL. */
  databaseUrl?: string | null;
  /** Lease TTL; default the shortest target interval, between 1 s and 30 s. */
  leaseMs?: number;
  selfStore?: SelfStore;
  /** Replaces the real probes (tests, benchmarks). */
  sample?: SampleFn;
  rollupEveryMs?: number;
  pruneEveryMs?: number;
  retention?: Retention;
  /** Stable instance id for logs and the lease value. */
  id?: string;
  redisKey?: string;
  lockId?: number;
}

export const ROLLUP_EVERY_MS = 60_000;
export const PRUNE_EVERY_MS = 10 * 60_000;

export function allTargets(config: TargetsConfig): Target[] {
  return Object.values(config.environments).flatMap((env) => Object.values(env.targets));
}

function defaultLeaseMs(config: TargetsConfig): number {
  const intervals = allTargets(config).map((t) => t.intervalMs);
  const shortest = intervals.length ? Math.min(...intervals) : DEFAULT_INTERVAL_MS;
  return Math.min(30_000, Math.max(1_000, shortest));
}

/** The URL of the store's node-postgres pool, for a connection of the lock's own. */
function poolUrl(store: Database): string | null {
  const client = (store.db as unknown as { $client?: { options?: { connectionString?: string } } }).$client;
  return client?.options?.connectionString ?? null;
}

export class Monitor {
  readonly election: LeaderElection;
  readonly writer: SampleWriter;
  readonly scheduler: ProbeScheduler;
  private configInUse: TargetsConfig | null = null;
  private maintenance: NodeJS.Timeout[] = [];
  private maintaining: Promise<void> | null = null;
  private lastPrune = 0;

  constructor(private readonly opts: MonitorOptions) {
    this.writer = new SampleWriter(opts.store.db);
    const sample: SampleFn =
      opts.sample ?? ((target, signal) => sampleTarget(target, { signal, selfStore: opts.selfStore }));
    this.scheduler = new ProbeScheduler({ sample, write: (rows) => this.writer.push(rows) });
    this.election = new LeaderElection({
      store: opts.store.kind,
      redis: opts.redis ?? null,
      databaseUrl: opts.store.kind === 'postgres' ? (opts.databaseUrl ?? poolUrl(opts.store)) : null,
      leaseMs: opts.leaseMs ?? defaultLeaseMs(opts.config()),
      onChange: (leader) => (leader ? this.lead() : this.follow()),
      ...(opts.id ? { id: opts.id } : {}),
      ...(opts.redisKey ? { redisKey: opts.redisKey } : {}),
      ...(opts.lockId !== undefined ? { lockId: opts.lockId } : {}),
    });
  }

  get isLeader(): boolean {
    return this.election.isLeader;
  }

  get leadership(): Leadership | null {
    return this.election.leadership;
  }

  start(): void {
    this.election.start();
  }

  private async lead(): Promise<void> {
    await this.applyConfig();
    const every = (ms: number, fn: () => void) => {
      const t = setInterval(fn, ms);
      t.unref();
      this.maintenance.push(t);
    };
    every(this.opts.rollupEveryMs ?? ROLLUP_EVERY_MS, () => void this.maintain());
    // Config reloads are noticed between election steps too (cheap identity check).
    every(1_000, () => void this.applyConfig());
    void this.maintain();
  }

  private async follow(): Promise<void> {
    for (const t of this.maintenance) clearInterval(t);
    this.maintenance = [];
    this.configInUse = null;
    await this.scheduler.stop();
    if (this.maintaining) await this.maintaining;
    await this.writer.flush();
  }

  /** (Re)starts the probe loops when the configuration object changed. */
  private async applyConfig(): Promise<void> {
    if (!this.election.isLeader) return;
    let config: TargetsConfig;
    try {
      config = this.opts.config();
    } catch {
      return; // A bad reload keeps the running configuration (reloadTargets refuses it too).
    }
    if (config === this.configInUse) return;
    this.configInUse = config;
    await this.scheduler.start(allTargets(config));
  }

  /** Rolls up complete minutes and, every 10 minutes, prunes; one run at a time. */
  maintain(now: Date = new Date()): Promise<void> {
    this.maintaining ??= (async () => {
      const db = this.opts.store.db;
      try {
        await this.writer.flush();
        await rollupMinutes(db, now);
        const pruneEvery = this.opts.pruneEveryMs ?? PRUNE_EVERY_MS;
        if (now.getTime() - this.lastPrune >= pruneEvery) {
          this.lastPrune = now.getTime();
          const retention = this.opts.retention ?? { rawMs: RAW_RETENTION_MS, rollupMs: ROLLUP_RETENTION_MS };
          const pruned = await pruneHistory(db, now, retention);
          if (pruned.samples || pruned.rollups) log.debug('monitor pruned history', pruned);
        }
      } catch (err) {
        log.warn('monitor maintenance failed', { error: errorText(err) });
      } finally {
        this.maintaining = null;
      }
    })();
    return this.maintaining;
  }

  /** Stops probing, releases leadership and flushes what was measured; idempotent. */
  async stop(): Promise<void> {
    await this.election.stop();
    await this.follow();
    await this.writer.close();
  }

  /** Test hook: behaves like a crashed instance (no release; the lease expires by itself). */
  async abandon(): Promise<void> {
    await this.election.abandon();
    await this.follow();
    await this.writer.close();
  }
}
