import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from './breaker';
import { TokenBucket } from './rate';
import { GIVE_UP_AFTER_MS, nextAttemptAt, retryDelayMs } from './retry';

describe('retry schedule', () => {
  it('waits about 10 s, 1 min, 5 min, 30 min, 2 h, then hourly', () => {
    const mid = () => 0.5;
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => retryDelayMs(n, mid))).toEqual([
      10_000, 60_000, 300_000, 1_800_000, 7_200_000, 3_600_000, 3_600_000,
    ]);
  });

  it('jitters each wait by ±20 %', () => {
    expect(retryDelayMs(1, () => 0)).toBe(8_000);
    expect(retryDelayMs(1, () => 1)).toBe(12_000);
    expect(retryDelayMs(5, () => 0)).toBe(5_760_000);
  });

  it('gives up 24 h after the delivery was created', () => {
    const created = new Date(0);
    let at = created;
    let attempts = 0;
    for (let n = 1; ; n++) {
      const next = nextAttemptAt(created, at, n, () => 0.5);
      if (!next) break;
      at = next;
      attempts = n + 1;
    }
    expect(at.getTime()).toBeLessThanOrEqual(GIVE_UP_AFTER_MS);
    expect(at.getTime()).toBeGreaterThan(GIVE_UP_AFTER_MS - 3_600_000);
    // 10 s + 1 min + 5 min + 30 min + 2 h ≈ 2.6 h, then hourly to 24 h: 27 attempts.
    expect(attempts).toBe(27);
  });
});

describe('circuit breaker', () => {
  it('opens after the threshold, lets one trial through after the cool-down, closes on success', () => {
    const b = new CircuitBreaker({ threshold: 3, cooldownMs: 1_000, maxCooldownMs: 3_000 });
    expect(b.allowance(0, 0)).toBe(Number.POSITIVE_INFINITY);
    b.failure(0);
    b.failure(0);
    expect(b.state(0)).toBe('closed');
    b.failure(0);
    expect(b.state(500)).toBe('open');
    expect(b.allowance(500, 0)).toBe(0);
    expect(b.state(1_000)).toBe('half-open');
    expect(b.allowance(1_000, 0)).toBe(1);
    expect(b.allowance(1_000, 1)).toBe(0);
    // A failed trial re-opens it for twice as long, capped.
    b.failure(1_000);
    expect(b.state(2_999)).toBe('open');
    expect(b.state(3_000)).toBe('half-open');
    b.failure(3_000);
    expect(b.state(5_999)).toBe('open');
    b.failure(6_000);
    expect(b.state(8_999)).toBe('open');
    expect(b.state(9_000)).toBe('half-open');
    b.success();
    expect(b.state(9_000)).toBe('closed');
  });
});

describe('token bucket', () => {
  it('allows a burst, then the rate', () => {
    const bucket = new TokenBucket(2, 2);
    expect(bucket.available(0)).toBe(2);
    bucket.take(0, 2);
    expect(bucket.available(0)).toBe(0);
    expect(bucket.waitMs(0)).toBe(500);
    expect(bucket.available(499)).toBe(0);
    expect(bucket.available(500)).toBe(1);
    expect(bucket.available(10_000)).toBe(2);
  });
});
