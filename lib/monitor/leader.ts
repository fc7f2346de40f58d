import 'server-only';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import pg from 'pg';
import type { DbKind } from '@/lib/db/client';
import { errorText, log } from '@/lib/log';
import { isReady } from '@/lib/redis/client';

/**
 * Which Liftoff instance runs the probe scheduler.
 *
 * - Embedded store (PGlite): one process owns the data folder, so it always leads.
 * - PostgreSQL: the leader holds a session advisory lock (pg_try_advisory_lock) on a dedicated
 *   connection: the lock of record. When Redis is configured and up, it is the front door: an
 *   instance must first win the lease `SET liftoff:monitor:leader <id> NX PX <lease>` (renewed
 *   every lease/2 by a compare-and-set script, deleted on stop), and only the lease holder then
 *   tries the advisory lock. Followers cost one SET a step and never touch PostgreSQL.
 * - Redis goes down: the leader keeps leading on the advisory lock alone; followers poll the
 *   advisory lock, which the leader still holds, so there is no second leader and no gap. When
 *   Redis returns, the leader takes the lease again; a follower that wins it first finds the
 *   advisory lock busy and hands the lease back.
 * - The leader dies: its lease expires within one lease; its advisory lock goes with its
 *   connection (at once when the process exits; after `idle_session_timeout` = one lease when
 *   the process hangs or its host vanishes). A follower takes both at its next step, within
 *   two leases.
 *
 * Trade-offs: a leader needs PostgreSQL (it writes every sample there anyway), so an instance
 * that cannot reach PostgreSQL steps down and the scheduler pauses with the database; an
 * instance stalled for longer than a lease loses leadership and may keep probing for up to
 * half a lease after it resumes, until its next step notices (both write the same kind of
 * rows, so the cost is a few duplicate samples). Each leader holds one extra connection.
 */

export type Leadership = 'local' | 'postgres' | 'redis+postgres';

export interface ElectionOptions {
  store: DbKind;
  /** The lease's Redis; null when Redis is not configured. */
  redis: Redis | null;
  /** For the advisory lock's dedicated connection (PostgreSQL store). */
  databaseUrl: string | null;
  /** The lease TTL; steps run every lease/2. */
  leaseMs: number;
  /** Called on every change, awaited before the next step. */
  onChange: (leader: boolean, via: Leadership | null) => Promise<void> | void;
  id?: string;
  redisKey?: string;
  lockId?: number;
}

export const LEADER_KEY = 'liftoff:monitor:leader';
/** Any constant shared by every Liftoff instance; distinct from the migration lock (7214001). */
export const LEADER_LOCK_ID = 7_214_002;

const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`;

/** The Redis lease. Throws when Redis fails; callers treat that as "Redis is down". */
export class RedisLease {
  /** We took the key and have not given it back (it may have expired since). */
  private mine = false;

  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly id: string,
    private readonly ttlMs: number,
  ) {}

  get available(): boolean {
    return isReady(this.redis);
  }

  /** Renews the lease when it is still ours, else tries to take it; false: someone else has it. */
  async claim(): Promise<boolean> {
    if (this.mine) {
      if ((await this.redis.eval(RENEW, 1, this.key, this.id, String(this.ttlMs))) === 1) return true;
      this.mine = false;
    }
    this.mine = (await this.redis.set(this.key, this.id, 'PX', this.ttlMs, 'NX')) === 'OK';
    return this.mine;
  }

  /** Deletes the key only if it is still ours. */
  async release(): Promise<void> {
    if (!this.mine) return;
    this.mine = false;
    await this.redis.eval(RELEASE, 1, this.key, this.id).catch(() => {});
  }
}

/** A session advisory lock on a connection of its own. Throws when PostgreSQL is unreachable. */
export class AdvisoryLock {
  private client: pg.Client | null = null;
  private held = false;

  constructor(
    private readonly url: string,
    private readonly lockId: number,
    private readonly leaseMs: number,
  ) {}

  private async connect(): Promise<pg.Client> {
    if (this.client) return this.client;
    const budget = Math.max(250, Math.round(this.leaseMs / 2));
    const client = new pg.Client({
      connectionString: this.url,
      application_name: 'liftoff-monitor-lock',
      connectionTimeoutMillis: budget,
      query_timeout: budget,
      keepAlive: true,
    });
    // A lost connection means a lost lock; never crash the process over it.
    client.on('error', () => this.forget(client));
    client.on('end', () => this.forget(client));
    this.client = client;
    try {
      await client.connect();
      // A hung or vanished leader's session ends after one idle lease, freeing the lock
      // (the leader runs a query every half lease). Needs PostgreSQL 14; older servers keep
      // the lock until TCP notices.
      await client
        .query(`SET idle_session_timeout = ${Math.max(100, Math.round(this.leaseMs))}`)
        .catch(() => {});
    } catch (err) {
      this.forget(client);
      void client.end().catch(() => {});
      throw err;
    }
    return client;
  }

  private forget(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = null;
    this.held = false;
  }

  /** True while this connection holds the lock (checked with a query each call). */
  async claim(): Promise<boolean> {
    if (this.held && this.client) {
      const client = this.client;
      try {
        await client.query('SELECT 1');
        return true;
      } catch {
        this.forget(client);
        void client.end().catch(() => {});
      }
    }
    const client = await this.connect();
    try {
      const r = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [
        this.lockId,
      ]);
      this.held = r.rows[0]?.locked === true;
      return this.held;
    } catch (err) {
      this.forget(client);
      void client.end().catch(() => {});
      throw err;
    }
  }

  /** Closes the connection unless it holds the lock (followers keep none while Redis is up). */
  async idle(): Promise<void> {
    if (this.held || !this.client) return;
    const client = this.client;
    this.forget(client);
    await client.end().catch(() => {});
  }

  async release(): Promise<void> {
    const client = this.client;
    if (!client) return;
    if (this.held) await client.query('SELECT pg_advisory_unlock($1)', [this.lockId]).catch(() => {});
    this.forget(client);
    await client.end().catch(() => {});
  }

  /** Drops the connection without unlocking, as a crash would; the server frees the lock. */
  async abandon(): Promise<void> {
    const client = this.client;
    if (!client) return;
    this.forget(client);
    await client.end().catch(() => {});
  }
}

export class LeaderElection {
  readonly id: string;
  private leader = false;
  private via: Leadership | null = null;
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<void> | null = null;
  private running = false;
  private readonly lease: RedisLease | null;
  private readonly lock: AdvisoryLock | null;

  constructor(private readonly opts: ElectionOptions) {
    this.id = opts.id ?? `${hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`;
    const postgres = opts.store === 'postgres';
    if (postgres && !opts.databaseUrl) throw new Error('the monitor needs a database URL for its lock');
    this.lease =
      postgres && opts.redis
        ? new RedisLease(opts.redis, opts.redisKey ?? LEADER_KEY, this.id, opts.leaseMs)
        : null;
    this.lock =
      postgres && opts.databaseUrl
        ? new AdvisoryLock(opts.databaseUrl, opts.lockId ?? LEADER_LOCK_ID, opts.leaseMs)
        : null;
  }

  get isLeader(): boolean {
    return this.leader;
  }

  get leadership(): Leadership | null {
    return this.via;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop();
  }

  private loop(): void {
    if (!this.running) return;
    const started = performance.now();
    this.current = this.step()
      .catch((err: unknown) => log.warn('monitor election step failed', { error: errorText(err) }))
      .finally(() => {
        this.current = null;
        if (!this.running) return;
        const wait = Math.max(0, this.opts.leaseMs / 2 - (performance.now() - started));
        this.timer = setTimeout(() => this.loop(), wait);
        this.timer.unref();
      });
  }

  /** One round: keep or take the lease, then the lock; lead while the lock is ours. */
  private async step(): Promise<void> {
    if (this.opts.store === 'pglite') return this.become(true, 'local');
    let lease: 'held' | 'taken' | 'down' = 'down';
    if (this.lease?.available) {
      try {
        lease = (await this.lease.claim()) ? 'held' : 'taken';
      } catch {
        lease = 'down';
      }
    }
    // Another instance holds the lease: it is (or is about to be) the leader.
    if (lease === 'taken' && !this.leader) {
      await this.lock?.idle();
      return;
    }
    let locked = false;
    try {
      locked = (await this.lock?.claim()) ?? false;
    } catch {
      locked = false;
    }
    if (!this.running) return;
    if (!locked) {
      // The advisory lock's holder leads (e.g. a leader that kept going while Redis was down).
      if (lease === 'held') await this.lease?.release();
      if (lease !== 'down') await this.lock?.idle();
      return this.become(false, null);
    }
    return this.become(true, lease === 'held' ? 'redis+postgres' : 'postgres');
  }

  private async become(leader: boolean, via: Leadership | null): Promise<void> {
    const changed = leader !== this.leader;
    this.leader = leader;
    this.via = via;
    if (changed) {
      log.info(leader ? 'monitor leadership taken' : 'monitor leadership lost', {
        instance: this.id,
        ...(via ? { via } : {}),
      });
      await this.opts.onChange(leader, via);
    }
  }

  private async halt(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.current) await this.current;
  }

  /** Stops and gives both locks back so another instance takes over at its next step. */
  async stop(): Promise<void> {
    if (!this.running && !this.leader) return;
    await this.halt();
    if (this.leader) await this.become(false, null);
    await Promise.all([this.lease?.release(), this.lock?.release()]);
  }

  /** Test hook for a crash: stops renewing and drops the lock's connection without unlocking. */
  async abandon(): Promise<void> {
    await this.halt();
    if (this.leader) await this.become(false, null);
    await this.lock?.abandon();
  }
}
