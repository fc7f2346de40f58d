import type { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { LiveBus } from '@/lib/live/bus';
import { Presence } from '@/lib/live/presence';
import type { EventSource, LiveEvent } from '@/lib/live/types';
import { createRedis } from '@/lib/redis/client';
import { REDIS_URL } from '../support/db';

/** Stands in for the audit table: what instances "committed", readable by every instance. */
function sharedLog() {
  const events: LiveEvent[] = [];
  const source: EventSource = async (runIds, afterId) =>
    events.filter((e) => runIds.includes(e.runId) && e.id! > afterId);
  let next = 1;
  const commit = (runId: string, data: unknown): LiveEvent => {
    const e = { id: next++, runId, type: 'item', data };
    events.push(e);
    return e;
  };
  return { source, commit };
}

const ready = (r: Redis) =>
  new Promise<void>((resolve) => (r.status === 'ready' ? resolve() : r.once('ready', () => resolve())));
const nextEvent = (bus: LiveBus, runId: string, fromId = 0) =>
  new Promise<{ event: LiveEvent; ms: number; stop: () => void }>((resolve) => {
    const t = performance.now();
    const stop = bus.subscribe(
      runId,
      (event) => event.id !== null && resolve({ event, ms: performance.now() - t, stop }),
      fromId,
    );
  });

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

describe('live bus', () => {
  it('carries an event from instance A to instance B through Redis, fast', async () => {
    const log = sharedLog();
    const [ra, rb] = [createRedis(REDIS_URL, 'live-a'), createRedis(REDIS_URL, 'live-b')];
    await Promise.all([ready(ra), ready(rb)]);
    const a = new LiveBus(log.source, ra);
    const b = new LiveBus(log.source, rb);
    cleanups.push(
      () => a.close(),
      () => b.close(),
      () => ra.disconnect(),
      () => rb.disconnect(),
    );
    await new Promise((r) => setTimeout(r, 200)); // let the subscriber connections subscribe
    const received = nextEvent(b, 'run-1');
    const t = performance.now();
    await a.publish(log.commit('run-1', { item: 'x', state: 'done' }));
    const { event } = await received;
    expect(event.data).toEqual({ item: 'x', state: 'done' });
    // Through Redis, well under the 500 ms polling interval.
    expect(performance.now() - t).toBeLessThan(250);
  });

  it('falls back to reading PostgreSQL when Redis is down, within 2 s', async () => {
    const log = sharedLog();
    const deadA = createRedis('redis://127.0.0.1:1', 'dead-a');
    const deadB = createRedis('redis://127.0.0.1:1', 'dead-b');
    const a = new LiveBus(log.source, deadA);
    const b = new LiveBus(log.source, deadB);
    cleanups.push(
      () => a.close(),
      () => b.close(),
      () => deadA.disconnect(),
      () => deadB.disconnect(),
    );
    const received = nextEvent(b, 'run-2');
    await a.publish(log.commit('run-2', { n: 1 }));
    const { event, ms } = await received;
    expect(event.id).toBe(1);
    expect(ms).toBeLessThan(2_000);
  });

  it('delivers each event id once even when it arrives by Redis and by polling', async () => {
    const log = sharedLog();
    const bus = new LiveBus(log.source, null);
    cleanups.push(() => bus.close());
    const seen: number[] = [];
    cleanups.push(bus.subscribe('run-3', (e) => seen.push(e.id!), 0));
    const e = log.commit('run-3', {});
    await bus.publish(e);
    await bus.publish(e);
    await new Promise((r) => setTimeout(r, 1_200)); // at least two polls
    expect(seen).toEqual([1]);
  });

  it('shares presence across instances through Redis', async () => {
    const log = sharedLog();
    const [ra, rb] = [createRedis(REDIS_URL, 'pres-a'), createRedis(REDIS_URL, 'pres-b')];
    await Promise.all([ready(ra), ready(rb)]);
    const [a, b] = [new LiveBus(log.source, ra), new LiveBus(log.source, rb)];
    cleanups.push(
      () => a.close(),
      () => b.close(),
      () => ra.disconnect(),
      () => rb.disconnect(),
    );
    const run = `run-p-${Date.now()}`;
    const pa = new Presence(a, ra);
    const pb = new Presence(b, rb);
    const conn = await pa.join(run, { userId: 'u1', name: 'Ada' });
    await pb.join(run, { userId: 'u2', name: 'Bo' });
    expect((await pb.list(run)).map((v) => v.name)).toEqual(['Ada', 'Bo']);
    await pa.leave(run, conn);
    expect((await pb.list(run)).map((v) => v.name)).toEqual(['Bo']);
  });
});
