import { describe, expect, it } from 'vitest';
import { monitorDisabled } from './lifecycle';
import { parseRange } from './overview';

describe('monitor start-up', () => {
  it('never starts during next build, or when switched off', () => {
    expect(monitorDisabled({ NEXT_PHASE: 'phase-production-build' })).toBe('next build');
    expect(monitorDisabled({ LIFTOFF_MONITOR: 'off' })).toBe('LIFTOFF_MONITOR=off');
    expect(monitorDisabled({ NEXT_PHASE: 'phase-production-server' })).toBeNull();
    expect(monitorDisabled({})).toBeNull();
  });
});

describe('overview range', () => {
  it('accepts the four ranges, defaults to 1h and refuses others with 400', () => {
    expect(parseRange('15m')).toBe('15m');
    expect(parseRange('7d')).toBe('7d');
    expect(parseRange(null)).toBe('1h');
    expect(() => parseRange('2h')).toThrow(/range must be one of 15m, 1h, 24h, 7d; got "2h"/);
    try {
      parseRange('2h');
    } catch (err) {
      expect((err as { code?: string }).code).toBe('bad_request');
    }
  });
});
