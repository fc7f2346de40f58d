import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '@/lib/db/client';
import { LEADER_KEY } from '@/lib/monitor/leader';
import { client, ensureBuild, type Instance, seedCluster, startInstance } from '../support/cluster';
import { freshPostgres } from '../support/db';
import { type Receiver, startReceiver } from '../support/notify-receivers';
import { type RedisServer, startRedisServer } from '../support/probe-servers';

const SECRET = 'cluster-webhook-secret-0123';
const EVENTS = 200;

/**
 * Exactly-once effect across a crash: two real instances share PostgreSQL and Redis; 200 run
 * starts are notified to a webhook while the leading instance (the one dispatching) is killed
 * mid-dispatch and started again. Every event must arrive; a repeat may only be a resend of an
 * in-flight delivery, carrying the same delivery id; outbox, receiver log and audit agree.
 */
describe('notification delivery across a leader crash', () => {
  let store: Awaited<ReturnType<typeof freshPostgres>>;
  let redis: RedisServer;
  let hook: Receiver;
  const instances: Instance[] = [];
  let env: Record<string, string> & { DATABASE_URL: string };

  beforeAll(async () => {
    ensureBuild();
    [store, redis] = await Promise.all([freshPostgres(), startRedisServer({ appendonly: false })]);
    // Slow answers keep several deliveries in flight at any moment.
    hook = await startReceiver({ secret: SECRET, answer: () => ({ status: 200, body: 'ok', delayMs: 250 }) });
    const config = path.join(tmpdir(), `liftoff-notify-cluster-${process.pid}.yml`);
    const origin = new URL(hook.url).origin;
    // A 1 s probe interval makes the leader lease 1 s, so a successor takes over quickly.
    writeFileSync(
      config,
      `environments:
  local:
    targets:
      http:self: { url: "${origin}", interval: 1s }
notifications:
  channels:
    hook: { type: webhook, url: "${hook.url}", secret: "${SECRET}", timeout: 2s, rate: 1000/s }
  routes:
    - { events: [run.started], channels: [hook] }
`,
    );
    env = { DATABASE_URL: store.url, REDIS_URL: redis.url, LIFTOFF_CONFIG: config };
    instances.push(...(await Promise.all([startInstance(env), startInstance(env)])));
  }, 240_000);

  afterAll(async () => {
    await Promise.all(instances.map((i) => i.stop()));
    await hook?.close();
    await redis?.dispose();
    await store?.close();
  });

  /** The instance holding the leader lease (its value names the process id). */
  async function leader(): Promise<Instance> {
    const r = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      for (let i = 0; i < 100; i++) {
        const value = await r.get(LEADER_KEY).catch(() => null);
        const found = instances.find((x) => value?.split('/')[1] === String(x.pid));
        if (found) return found;
        await new Promise((res) => setTimeout(res, 100));
      }
      throw new Error('no leader elected');
    } finally {
      r.disconnect();
    }
  }

  it('200 events: all arrive, repeats only with the same delivery id, nothing missing', async () => {
    const { key, templateId } = await seedCluster(store.db, 3);
    const first = await leader();
    const follower = instances.find((i) => i !== first)!;
    const api = client(follower.url, key);
    let killed = false;
    let sent = 0;
    const create = async () => {
      const res = await api.post('/api/v1/runs', { templateId, title: `Crash drill ${++sent}` });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    };
    // Ten writers, paced, on the instance that keeps running.
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        while (sent < EVENTS) {
          await create();
          // Mid-dispatch: deliveries are arriving and most events are still to come (on a busy
          // machine deliveries lag, so the count of events written decides, not of deliveries).
          if (!killed && hook.received.length > 0 && sent >= EVENTS * 0.3) {
            killed = true;
            await first.kill();
            instances.splice(instances.indexOf(first), 1);
            instances.push(await startInstance(env));
          }
          await new Promise((r) => setTimeout(r, 40));
        }
      }),
    );
    expect(killed).toBe(true);

    const outbox = async () =>
      rowsOf<{ event_id: string; delivery_id: string; state: string }>(
        await store.db.execute(`
          SELECT e.id AS event_id, d.id AS delivery_id, d.state
          FROM notification_events e JOIN notification_deliveries d ON d.event_id = e.id
          WHERE e.type = 'run.started'`),
      );
    const deadline = Date.now() + 90_000;
    while ((await outbox()).filter((r) => r.state === 'delivered').length < EVENTS && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
    }
    const rows = await outbox();
    const [{ n: audited }] = rowsOf<{ n: number }>(
      await store.db.execute(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'run.create'`),
    ) as [{ n: number }];
    expect(audited).toBe(EVENTS);
    expect(rows).toHaveLength(EVENTS);
    expect(rows.every((r) => r.state === 'delivered')).toBe(true);

    const deliveryOf = new Map(rows.map((r) => [r.event_id, r.delivery_id]));
    const received = hook.received.map((r) => ({
      event: (r.json as { id: string }).id,
      delivery: String(r.headers['x-liftoff-delivery']),
      signed: r.signatureOk,
    }));
    // Nothing missing, nothing invented.
    expect(new Set(received.map((r) => r.event))).toEqual(new Set(deliveryOf.keys()));
    // Every copy of an event carries its one delivery id; every body verifies.
    for (const r of received) expect(r.delivery).toBe(deliveryOf.get(r.event));
    expect(received.every((r) => r.signed)).toBe(true);
    // A copy arrives only for an attempt on record: a delivery arrives twice only when an earlier
    // attempt never finished as delivered (in flight at the crash, or timed out on a loaded machine).
    const attempts = new Map(
      rowsOf<{ delivery_id: string; n: number; unfinished: number }>(
        await store.db.execute(`
          SELECT delivery_id, count(*)::int AS n, count(*) FILTER (WHERE outcome <> 'delivered')::int AS unfinished
          FROM notification_attempts GROUP BY delivery_id`),
      ).map((a) => [a.delivery_id, a]),
    );
    const copies = new Map<string, number>();
    for (const r of received) copies.set(r.delivery, (copies.get(r.delivery) ?? 0) + 1);
    for (const [delivery, n] of copies) {
      const a = attempts.get(delivery);
      expect(n, `copies of ${delivery}`).toBeLessThanOrEqual(a?.n ?? 0);
      if (n > 1) expect(a?.unfinished, `earlier attempts of ${delivery}`).toBeGreaterThanOrEqual(n - 1);
    }
    const repeats = received.length - EVENTS;
    expect(repeats).toBeGreaterThanOrEqual(0);
    console.log(
      `notify-cluster: ${received.length} requests for ${EVENTS} events (${repeats} resent after the crash)`,
    );
  }, 180_000);
});
