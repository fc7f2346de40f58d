import { describe, expect, it } from 'vitest';
import { humanDuration, showValue, thresholdNumber } from './format';

describe('rollout formatting', () => {
  it('says durations the way a person reads them', () => {
    expect(humanDuration((3 * 24 + 4) * 3_600_000)).toBe('3d 4h');
    expect(humanDuration(7 * 86_400_000)).toBe('7d');
    expect(humanDuration(90 * 60_000)).toBe('1h 30m');
    expect(humanDuration(12 * 60_000)).toBe('12 min');
    expect(humanDuration(40_000)).toBe('40 s');
  });
  it('shows values and reads simple thresholds', () => {
    expect(showValue(0.083333)).toBe('0.08333');
    expect(showValue(12)).toBe('12');
    expect(showValue(null)).toBe('—');
    expect(thresholdNumber('> 0.05')).toBe(0.05);
    expect(thresholdNumber('<= 200')).toBe(200);
    expect(thresholdNumber('> 0.05 && [LATENCY] < 5ms')).toBeNull();
  });
});
