import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  client,
  ensureBuild,
  type Instance,
  openEvents,
  seedCluster,
  startInstance,
} from '../support/cluster';
import { freshPostgres } from '../support/db';
import { type RedisServer, startRedisServer } from '../support/probe-servers';

type Store = Awaited<ReturnType<typeof freshPostgres>>;

/**
 * Two real Liftoff instances sharing one PostgreSQL and one Redis (a redis-server of this
 * test's own, so it can be stopped mid-run without disturbing anything else).
 */
describe('two instances sharing PostgreSQL and Redis', () => {
  let store: Store;
  let redis: RedisServer;
  let a: Instance;
  let b: Instance;
  let key: string;
  let templateId: string;

  beforeAll(async () => {
    ensureBuild();
    [store, redis] = await Promise.all([freshPostgres(), startRedisServer({ appendonly: false })]);
    ({ key, templateId } = await seedCluster(store.db, 10));
    [a, b] = await Promise.all([
      startInstance({ DATABASE_URL: store.url, REDIS_URL: redis.url }),
      startInstance({ DATABASE_URL: store.url, REDIS_URL: redis.url }),
    ]);
  }, 240_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await redis?.dispose();
    await store?.close();
  });

  const newRun = async () => {
    const res = await client(a.url, key).post('/api/v1/runs', {
      templateId,
      title: 'Cluster run',
      environment: 'local',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string; items: { id: string; version: number }[] };
  };

  it('50 concurrent writers on both instances lose no update; audit events equal accepted writes', async () => {
    const run = await newRun();
    const ids = run.items.map((i) => i.id);
    let accepted = 0;
    let conflicts = 0;
    const writer = async (w: number) => {
      const api = client(w % 2 ? a.url : b.url, key);
      for (let n = 0; n < 6; n++) {
        const itemId = ids[(w + n) % ids.length]!;
        // Read-modify-write with expectedVersion; a conflict re-reads and tries again.
        for (let attempt = 0; attempt < 200; attempt++) {
          const current = (await api.get(`/api/v1/runs/${run.id}`)).body as {
            items: { id: string; state: string; version: number }[];
          };
          const item = current.items.find((i) => i.id === itemId)!;
          const res = await api.patch(`/api/v1/runs/${run.id}/items/${itemId}`, {
            state: item.state === 'done' ? 'open' : 'done',
            expectedVersion: item.version,
          });
          if (res.status === 200) {
            accepted++;
            break;
          }
          expect(res.status, JSON.stringify(res.body)).toBe(409);
          conflicts++;
        }
      }
    };
    await Promise.all(Array.from({ length: 50 }, (_, w) => writer(w)));
    expect(accepted).toBe(300);
    const final = (await client(b.url, key).get(`/api/v1/runs/${run.id}`)).body as {
      items: { version: number }[];
    };
    const versionBumps = final.items.reduce((sum, i) => sum + i.version - 1, 0);
    expect(versionBumps).toBe(accepted);
    const audit = (await client(a.url, key).get(`/api/v1/runs/${run.id}/audit?limit=5000`)).body as {
      events: { action: string }[];
    };
    expect(audit.events.filter((e) => e.action === 'item.state')).toHaveLength(accepted);
    expect(conflicts).toBeGreaterThan(0);
  }, 120_000);

  it('a browser on B sees a write made on A, and a reconnect with Last-Event-ID misses nothing', async () => {
    const run = await newRun();
    const api = client(a.url, key);
    const stream = openEvents(b.url, key, run.id);
    await stream.ready;
    await new Promise((r) => setTimeout(r, 200));
    const started = performance.now();
    await api.patch(`/api/v1/runs/${run.id}/items/${run.items[0]!.id}`, { state: 'done' });
    await stream.waitFor((ev) => ev.some((e) => e.type === 'item.state'), 2_000);
    const first = stream.events.find((e) => e.type === 'item.state')!;
    expect(first.receivedAt - started).toBeLessThan(1_000);
    stream.close();

    // Written while nobody listens:
    for (const item of run.items.slice(1, 6))
      await api.patch(`/api/v1/runs/${run.id}/items/${item.id}`, { state: 'done' });
    const again = openEvents(b.url, key, run.id, first.id!);
    await again.ready;
    await again.waitFor((ev) => ev.filter((e) => e.type === 'item.state').length >= 5, 3_000);
    // The replay may repeat a recent event already seen (ids can commit out of order, so the
    // server also resends its last seconds); browsers drop repeats by id. Nothing may be missing.
    const replayed = again.events.filter((e) => e.type === 'item.state' && e.id !== first.id);
    expect(new Set(replayed.map((e) => (e.data as { subject: string }).subject))).toEqual(
      new Set(run.items.slice(1, 6).map((i) => i.id)),
    );
    expect(replayed).toHaveLength(5);
    expect(again.events.every((e) => e.type !== 'item.state' || e.id! >= first.id!)).toBe(true);
    again.close();
  }, 60_000);

  it('with Redis stopped mid-run, ticks still work and reach the other instance within 2 s', async () => {
    const run = await newRun();
    const stream = openEvents(b.url, key, run.id);
    await stream.ready;
    await redis.stop();
    try {
      const started = performance.now();
      const res = await client(a.url, key).patch(`/api/v1/runs/${run.id}/items/${run.items[0]!.id}`, {
        state: 'done',
      });
      expect(res.status).toBe(200);
      await stream.waitFor((ev) => ev.some((e) => e.type === 'item.state'), 2_000);
      expect(stream.events.find((e) => e.type === 'item.state')!.receivedAt - started).toBeLessThan(2_000);
      const health = await fetch(`${a.url}/api/v1/health`).then((r) => r.json());
      expect(health.status).toBe('degraded');
    } finally {
      stream.close();
      await redis.start();
    }
  }, 60_000);
});

describe('an instance whose PostgreSQL is down', () => {
  let instance: Instance;
  beforeAll(async () => {
    ensureBuild();
    instance = await startInstance({ DATABASE_URL: 'postgres://liftoff:s3cret-pw@127.0.0.1:1/liftoff' });
  }, 120_000);
  afterAll(() => instance?.stop());

  it('answers 503 with a clear message, shows a banner, and leaks no connection string', async () => {
    const health = await fetch(`${instance.url}/api/v1/health`);
    expect(health.status).toBe(503);
    expect((await health.json()).dependencies.postgres.status).toBe('error');

    const me = await fetch(`${instance.url}/api/v1/me`, {
      headers: { authorization: 'Bearer lft_whatever' },
    });
    expect(me.status).toBe(503);
    const body = await me.text();
    expect(JSON.parse(body).error).toEqual({
      code: 'unavailable',
      message: expect.stringMatching(/database is unavailable/),
    });

    const page = await fetch(`${instance.url}/login`);
    const html = await page.text();
    expect(html).toContain('Liftoff cannot reach its database');
    for (const text of [body, html]) {
      expect(text).not.toMatch(/s3cret-pw|127\.0\.0\.1:1|ECONNREFUSED|at .*\.js:\d+/);
    }
  });
});
