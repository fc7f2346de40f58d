import { asc, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseNotificationsSection } from '@/lib/config/notifications';
import { parseTargetsConfig } from '@/lib/config/targets';
import { ManualClock, setClock } from '@/lib/core/clock';
import type { Database } from '@/lib/db/client';
import { notificationEvents, probeSamples } from '@/lib/db/schema';
import { HealthWatcher } from '@/lib/notify';
import { backends } from '../support/db';

const TARGETS = parseTargetsConfig(
  `environments:
  production:
    targets:
      redis:cache: { url: "redis://127.0.0.1:6399", interval: 10s }
      http:api: { instances: ["http://127.0.0.1:9001", "http://127.0.0.1:9002"], interval: 10s }
`,
  'test.yml',
  {},
);
const NOTIFY = parseNotificationsSection({ health: { suppressRepeats: '2m' } }, ['production', 'local']);

/**
 * Health messages from probe samples the test writes, on a manual clock: a target flapping
 * every interval says nothing, down for two intervals says unhealthy once, back up says
 * recovered once, and a repeat within the suppression period waits for it to end.
 */
describe.each(backends)('health notifications on %s', (_name, open) => {
  let store: Database;
  let clock: ManualClock;
  let watcher: HealthWatcher;

  beforeAll(async () => {
    store = await open();
    clock = new ManualClock(Date.UTC(2026, 5, 1, 3, 0, 0));
    setClock(clock);
    watcher = new HealthWatcher({ db: store.db, targets: () => TARGETS, notifications: () => NOTIFY });
  });
  afterAll(async () => {
    setClock(undefined);
    await store.close();
  });

  /** One probe interval: every target sampled (redis as given, both api instances up unless told). */
  const interval = async (redisUp: boolean, api2Up = true) => {
    clock.advance(10_000);
    const at = clock.now();
    const row = (target: string, kind: 'redis' | 'http', instance: string, ok: boolean) => ({
      environment: 'production',
      target,
      kind,
      instance,
      ok,
      latencyMs: ok ? 1 : 2_000,
      value: null,
      hitRate: null,
      error: ok ? null : `${kind} unreachable: connection refused`,
      at,
    });
    await store.db
      .insert(probeSamples)
      .values([
        row('redis:cache', 'redis', '', redisUp),
        row('http:api', 'http', '127.0.0.1:9001', true),
        row('http:api', 'http', '127.0.0.1:9002', api2Up),
      ]);
    return watcher.evaluate();
  };

  const healthEvents = () =>
    store.db
      .select()
      .from(notificationEvents)
      .where(like(notificationEvents.type, 'health.%'))
      .orderBy(asc(notificationEvents.seq));

  it('damps flapping, announces a settled outage and its recovery once each, and suppresses quick repeats', async () => {
    expect(await interval(true)).toEqual([]);
    expect(await interval(true)).toEqual([]);
    // Up and down every interval: never two probes in a row agree, nothing is announced.
    for (let i = 0; i < 8; i++) expect(await interval(i % 2 === 1)).toEqual([]);
    expect(await interval(true)).toEqual([]);
    expect(await interval(true)).toEqual([]);

    // Down once: not yet. Down twice: unhealthy, once, with the reason.
    expect(await interval(false)).toEqual([]);
    const outageAt = clock.now().getTime() + 10_000;
    expect(await interval(false)).toEqual(['health.unhealthy']);
    for (let i = 0; i < 3; i++) expect(await interval(false)).toEqual([]);
    const [down] = await healthEvents();
    expect(down).toMatchObject({
      type: 'health.unhealthy',
      environment: 'production',
      facts: {
        status: 'unhealthy',
        previous: 'healthy',
        reasons: ['redis:cache is unreachable: connection refused'],
      },
    });
    expect(down!.occurredAt.getTime()).toBe(outageAt);

    // Up once: not yet; up twice: recovered.
    expect(await interval(true)).toEqual([]);
    expect(await interval(true)).toEqual(['health.recovered']);

    // Down again within 2 minutes of the last "unhealthy": held back until the period ends.
    expect(await interval(false)).toEqual([]);
    const held: string[][] = [];
    while (clock.now().getTime() < outageAt + 120_000 - 10_000) held.push(await interval(false));
    expect(held.flat()).toEqual([]);
    expect(await interval(false)).toEqual(['health.unhealthy']);
    expect((await healthEvents()).map((e) => e.type)).toEqual([
      'health.unhealthy',
      'health.recovered',
      'health.unhealthy',
    ]);

    // Back up (recovered is past its own period), then one api instance down: degraded, naming it.
    clock.advance(120_000);
    await interval(true);
    expect(await interval(true)).toEqual(['health.recovered']);
    expect(await interval(true, false)).toEqual([]);
    expect(await interval(true, false)).toEqual(['health.degraded']);
    const degraded = (await healthEvents()).at(-1)!;
    expect(degraded.facts).toMatchObject({
      status: 'degraded',
      previous: 'healthy',
      reasons: ['http:api instance 127.0.0.1:9002 is down: connection refused'],
    });
  });

  it('says nothing about an environment without recent samples', async () => {
    clock.advance(3_600_000);
    expect(await watcher.environmentHealth('production')).toBeNull();
    expect(await watcher.environmentHealth('nowhere')).toBeNull();
  });
});
