import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { RedisTarget, Target } from '@/lib/config/targets';
import { ProbeScheduler, type SampleFn } from './scheduler';
import type { Sample } from './types';

const target = (name: string, intervalMs: number): RedisTarget => ({
  key: `redis:${name}`,
  name,
  kind: 'redis',
  environment: 'test',
  intervalMs,
  timeoutMs: 1_000,
  url: 'redis://127.0.0.1:1',
});

const row = (t: Target): Sample => ({
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
});

describe('ProbeScheduler', () => {
  it('probes each target on its own interval; a slow target never delays the others', async () => {
    const starts = new Map<string, number[]>();
    const running = new Map<string, number>();
    let overlap = false;
    const sample: SampleFn = async (t, signal) => {
      const n = (running.get(t.key) ?? 0) + 1;
      running.set(t.key, n);
      if (n > 1) overlap = true;
      starts.set(t.key, [...(starts.get(t.key) ?? []), performance.now()]);
      // The slow target takes 2.5 intervals per probe.
      if (t.name === 'slow') await sleep(250, undefined, { signal }).catch(() => {});
      running.set(t.key, (running.get(t.key) ?? 1) - 1);
      return [row(t)];
    };
    const written: Sample[] = [];
    const scheduler = new ProbeScheduler({ sample, write: (r) => written.push(...r), firstDelayMs: () => 0 });
    await scheduler.start([target('fast', 50), target('slow', 100)]);
    await sleep(1_030);
    await scheduler.stop();

    const fast = starts.get('redis:fast') ?? [];
    const slow = starts.get('redis:slow') ?? [];
    expect(fast.length).toBeGreaterThanOrEqual(15);
    expect(fast.length).toBeLessThanOrEqual(22);
    // Fixed rate: gaps stay near the interval whatever the slow target does.
    const gaps = fast.slice(1).map((t, i) => t - fast[i]!);
    expect(Math.max(...gaps)).toBeLessThan(150);
    // The slow one: one probe at a time; the ticks in between are skipped.
    expect(overlap).toBe(false);
    expect(slow.length).toBeGreaterThanOrEqual(3);
    expect(slow.length).toBeLessThanOrEqual(5);
    expect(scheduler.stats.skipped).toBeGreaterThan(0);
    // Every finished probe was written; the ones cancelled by stop() were not.
    expect(written.length).toBeLessThanOrEqual(scheduler.stats.probes);
    expect(written.length).toBeGreaterThanOrEqual(scheduler.stats.probes - 2);
  });

  it('stops at once, cancelling the probe in flight, and can start again', async () => {
    let aborted = false;
    const sample: SampleFn = async (t, signal) => {
      await sleep(5_000, undefined, { signal }).catch(() => {
        aborted = true;
      });
      return [row(t)];
    };
    const written: Sample[] = [];
    const scheduler = new ProbeScheduler({ sample, write: (r) => written.push(...r), firstDelayMs: () => 0 });
    await scheduler.start([target('hang', 100)]);
    await sleep(20);
    const t0 = performance.now();
    await scheduler.stop();
    expect(performance.now() - t0).toBeLessThan(100);
    expect(aborted).toBe(true);
    // A cancelled probe's result is not a measurement.
    expect(written).toEqual([]);
    expect(scheduler.running).toBe(false);
    await scheduler.stop();
  });
});
