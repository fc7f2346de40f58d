import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Target } from '@/lib/config/targets';
import type { Database } from '@/lib/db/client';
import { LeaderElection, Monitor, type SampleFn } from '@/lib/monitor';
import { createRedis } from '@/lib/redis/client';
import { freshPglite, freshPostgres } from '../support/db';
import { type RedisServer, startRedisServer } from '../support/probe-servers';
import { configOf, redisTarget, waitFor } from './monitor-fixtures';

const LEASE_MS = 400;
const config = configOf({
  lead: [redisTarget('lead', 'fake', 'redis://127.0.0.1:1', { intervalMs: 100, timeoutMs: 50 })],
});

/** A stand-in probe: the election is under test here, not the probes. */
const counting = (counter: { n: number }): SampleFn => {
  return async (t: Target) => {
    counter.n++;
    return [
      {
        environment: t.environment,
        target: t.key,
        kind: t.kind,
        instance: '',
        ok: true,
        latencyMs: 1,
        value: null,
        hitRate: null,
        error: null,
        at: new Date(),
      },
    ];
  };
};

describe('scheduler leader election', () => {
  let store: Database & { url: string };
  let redis: RedisServer;
  const clients: Redis[] = [];
  const monitors: Monitor[] = [];
  let test = 0;

  /** Samples leadership every 10 ms; `max` is the most leaders seen at once. */
  function watch(list: Monitor[]) {
    const seen = { max: 0 };
    const timer = setInterval(() => {
      seen.max = Math.max(seen.max, list.filter((m) => m.isLeader).length);
    }, 10);
    return { seen, stop: () => clearInterval(timer) };
  }

  function instance(name: string, opts: { redis: boolean }) {
    const client = opts.redis ? createRedis(redis.url, `liftoff-test-${name}`) : null;
    if (client) clients.push(client);
    const probes = { n: 0 };
    const monitor = new Monitor({
      store,
      config: () => config,
      redis: client,
      leaseMs: LEASE_MS,
      id: name,
      sample: counting(probes),
      redisKey: `liftoff:test:leader:${test}`,
      lockId: 9_100_000 + test,
    });
    monitors.push(monitor);
    return { monitor, probes, client };
  }

  const ready = (c: Redis | null) => waitFor('redis client ready', () => c?.status === 'ready');

  beforeAll(async () => {
    [store, redis] = await Promise.all([freshPostgres(), startRedisServer()]);
  });
  afterEach(async () => {
    test++;
    await Promise.all(monitors.splice(0).map((m) => m.stop()));
    if (!redis.running) await redis.start();
  });
  afterAll(async () => {
    for (const c of clients) c.disconnect();
    await Promise.all([store?.close(), redis?.dispose()]);
  });

  it('Redis lease: exactly one leader; another takes over within two leases of a crash', async () => {
    const a = instance('a', { redis: true });
    const b = instance('b', { redis: true });
    await Promise.all([ready(a.client), ready(b.client)]);
    a.monitor.start();
    await waitFor('a leads', () => a.monitor.isLeader);
    expect(a.monitor.leadership).toBe('redis+postgres');
    expect(await a.client!.get(`liftoff:test:leader:${test}`)).toBe('a');
    const watcher = watch([a.monitor, b.monitor]);
    b.monitor.start();
    await waitFor('a few steps', () => a.probes.n >= 10);
    await new Promise((r) => setTimeout(r, 3 * LEASE_MS));
    expect(b.monitor.isLeader).toBe(false);
    expect(b.probes.n).toBe(0);

    await a.monitor.abandon();
    const taken = await waitFor('b leads', () => b.monitor.isLeader);
    watcher.stop();
    expect(taken.elapsedMs).toBeLessThan(2 * LEASE_MS);
    expect(b.monitor.leadership).toBe('redis+postgres');
    expect(watcher.seen.max).toBe(1);
    await waitFor('b probes', () => b.probes.n > 0);

    // A graceful stop gives the lease back at once.
    await b.monitor.stop();
    expect(await b.client!.get(`liftoff:test:leader:${test}`)).toBeNull();
  });

  it('Redis down: the leader carries on with the advisory lock and no second leader appears', async () => {
    const a = instance('a', { redis: true });
    const b = instance('b', { redis: true });
    await Promise.all([ready(a.client), ready(b.client)]);
    a.monitor.start();
    await waitFor('a leads', () => a.monitor.isLeader);
    b.monitor.start();
    const watcher = watch([a.monitor, b.monitor]);

    await redis.stop();
    await waitFor('a leads on the advisory lock', () => a.monitor.leadership === 'postgres');
    const probesBefore = a.probes.n;
    await new Promise((r) => setTimeout(r, 4 * LEASE_MS));
    expect(a.monitor.isLeader).toBe(true);
    expect(a.probes.n).toBeGreaterThan(probesBefore);
    expect(b.monitor.isLeader).toBe(false);

    await redis.start();
    await waitFor('a holds the lease again', () => a.monitor.leadership === 'redis+postgres', 15_000);
    expect(b.monitor.isLeader).toBe(false);
    watcher.stop();
    expect(watcher.seen.max).toBe(1);
    expect(b.probes.n).toBe(0);
  });

  it('Redis down and the leader crashes: a follower takes the advisory lock within two leases', async () => {
    const a = instance('a', { redis: true });
    const b = instance('b', { redis: true });
    await Promise.all([ready(a.client), ready(b.client)]);
    a.monitor.start();
    await waitFor('a leads', () => a.monitor.isLeader);
    b.monitor.start();
    await redis.stop();
    await waitFor('a leads on the advisory lock', () => a.monitor.leadership === 'postgres');
    await a.monitor.abandon();
    const taken = await waitFor('b leads', () => b.monitor.isLeader);
    expect(taken.elapsedMs).toBeLessThan(2 * LEASE_MS);
    expect(b.monitor.leadership).toBe('postgres');
  });

  it('PostgreSQL advisory lock alone: one leader; a crashed one is replaced within two leases', async () => {
    const a = instance('a', { redis: false });
    const b = instance('b', { redis: false });
    const c = instance('c', { redis: false });
    a.monitor.start();
    await waitFor('a leads', () => a.monitor.isLeader);
    expect(a.monitor.leadership).toBe('postgres');
    const watcher = watch([a.monitor, b.monitor, c.monitor]);
    b.monitor.start();
    c.monitor.start();
    await new Promise((r) => setTimeout(r, 2 * LEASE_MS));
    expect([b.monitor.isLeader, c.monitor.isLeader]).toEqual([false, false]);

    await a.monitor.abandon();
    const taken = await waitFor('b or c leads', () => b.monitor.isLeader || c.monitor.isLeader);
    expect(taken.elapsedMs).toBeLessThan(2 * LEASE_MS);
    await new Promise((r) => setTimeout(r, 2 * LEASE_MS));
    watcher.stop();
    expect(watcher.seen.max).toBe(1);
    expect([b.monitor.isLeader, c.monitor.isLeader].filter(Boolean)).toHaveLength(1);
  });

  it('a hung leader (connection open, nothing renewed) loses the lock to idle_session_timeout', async () => {
    const leaders = new Set<string>();
    const election = (id: string, client: Redis) =>
      new LeaderElection({
        store: 'postgres',
        redis: client,
        databaseUrl: store.url,
        leaseMs: LEASE_MS,
        id,
        redisKey: `liftoff:test:leader:${test}`,
        lockId: 9_100_000 + test,
        onChange: (leader) => void (leader ? leaders.add(id) : leaders.delete(id)),
      });
    const [ca, cb] = [createRedis(redis.url, 'hung-a'), createRedis(redis.url, 'hung-b')];
    clients.push(ca, cb);
    await Promise.all([ready(ca), ready(cb)]);
    const a = election('a', ca);
    const b = election('b', cb);
    a.start();
    await waitFor('a leads', () => a.isLeader);
    b.start();
    await new Promise((r) => setTimeout(r, LEASE_MS));
    expect(b.isLeader).toBe(false);
    // Freeze a: no more steps, but its lock connection stays open (a stuck process).
    await (a as unknown as { halt(): Promise<void> }).halt();
    const taken = await waitFor('b leads', () => b.isLeader);
    expect(taken.elapsedMs).toBeLessThan(3 * LEASE_MS);
    await Promise.all([a.stop(), b.stop()]);
  });

  it('embedded store (PGlite): the process always leads', async () => {
    const pglite = await freshPglite();
    const monitor = new Monitor({
      store: pglite,
      config: () => config,
      leaseMs: LEASE_MS,
      sample: counting({ n: 0 }),
    });
    try {
      monitor.start();
      await waitFor('leads', () => monitor.isLeader);
      expect(monitor.leadership).toBe('local');
    } finally {
      await monitor.stop();
      await pglite.close();
    }
  });
});
