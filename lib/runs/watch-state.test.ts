import { describe, expect, it } from 'vitest';
import { nextWatch, type WatchNow } from './watch-state';

const t0 = new Date('2026-11-26T03:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);
const trigger = (over: Partial<WatchNow> = {}): WatchNow => ({
  kind: 'trigger',
  state: 'ok',
  since: null,
  forMs: 120_000,
  ackUntil: null,
  ...over,
});

describe('a rollback trigger over time', () => {
  it('waits out its for duration before it fires, and resolves when the condition clears', () => {
    const bad = { holds: true };
    const pending = nextWatch(trigger(), bad, t0);
    expect(pending).toEqual({ state: 'pending', since: t0, transition: null });
    expect(nextWatch(trigger({ state: 'pending', since: t0 }), bad, at(119_999)).state).toBe('pending');
    const fired = nextWatch(trigger({ state: 'pending', since: t0 }), bad, at(120_000));
    expect(fired).toEqual({ state: 'firing', since: t0, transition: 'fire' });
    // Still bad: it fires once, not on every observation.
    expect(nextWatch(trigger({ state: 'firing', since: t0 }), bad, at(180_000)).transition).toBeNull();
    expect(nextWatch(trigger({ state: 'firing', since: t0 }), { holds: false }, at(200_000))).toEqual({
      state: 'resolved',
      since: null,
      transition: 'resolve',
    });
  });

  it('goes back to ok when the condition clears before its for duration', () => {
    expect(nextWatch(trigger({ state: 'pending', since: t0 }), { holds: false }, at(60_000)).state).toBe(
      'ok',
    );
  });

  it('fires at once with for 0s, and keeps its state when the check cannot be evaluated', () => {
    expect(nextWatch(trigger({ forMs: 0 }), { holds: true }, t0).transition).toBe('fire');
    const firing = trigger({ state: 'firing', since: t0 });
    expect(nextWatch(firing, { holds: null }, at(5_000))).toEqual({
      state: 'firing',
      since: t0,
      transition: null,
    });
  });

  it('stays silent while acknowledged, fires again when the silence ends and it is still bad', () => {
    const acked = trigger({ state: 'acknowledged', since: t0, ackUntil: at(600_000) });
    expect(nextWatch(acked, { holds: true }, at(300_000)).transition).toBeNull();
    expect(nextWatch(acked, { holds: true }, at(600_000))).toMatchObject({
      state: 'firing',
      transition: 'fire',
    });
    expect(nextWatch(acked, { holds: false }, at(300_000))).toMatchObject({
      state: 'resolved',
      transition: 'resolve',
    });
  });

  it('starts a new pending period after it resolved', () => {
    const resolved = trigger({ state: 'resolved' });
    expect(nextWatch(resolved, { holds: true }, at(1_000))).toEqual({
      state: 'pending',
      since: at(1_000),
      transition: null,
    });
  });
});

describe('a soaking gate check', () => {
  const gate: WatchNow = { kind: 'gate', state: 'ok', since: null, forMs: 7 * 86_400_000, ackUntil: null };

  it('holds since it first held, and starts over when it breaks', () => {
    const holding = nextWatch(gate, { holds: true }, t0);
    expect(holding).toEqual({ state: 'holding', since: t0, transition: null });
    expect(
      nextWatch({ ...gate, state: 'holding', since: t0 }, { holds: true }, at(86_400_000)).since,
    ).toEqual(t0);
    expect(nextWatch({ ...gate, state: 'holding', since: t0 }, { holds: false }, at(86_400_000))).toEqual({
      state: 'ok',
      since: null,
      transition: null,
    });
  });
});
