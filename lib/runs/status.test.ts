import { describe, expect, it } from 'vitest';
import { deriveStatus, type StatusInput } from './status';

const base: StatusInput = {
  terminalStatus: null,
  started: false,
  progress: { done: 0, total: 3 },
  currentSignoffs: 0,
  requiredSignoffs: 2,
};

describe('deriveStatus', () => {
  it('walks not_started → in_progress → completed → verified', () => {
    expect(deriveStatus(base)).toBe('not_started');
    expect(deriveStatus({ ...base, started: true, progress: { done: 1, total: 3 } })).toBe('in_progress');
    expect(deriveStatus({ ...base, started: true, progress: { done: 3, total: 3 } })).toBe('completed');
    expect(
      deriveStatus({ ...base, started: true, progress: { done: 3, total: 3 }, currentSignoffs: 1 }),
    ).toBe('completed');
    expect(
      deriveStatus({ ...base, started: true, progress: { done: 3, total: 3 }, currentSignoffs: 2 }),
    ).toBe('verified');
  });

  it('lets a terminal status win over everything', () => {
    expect(deriveStatus({ ...base, terminalStatus: 'rolled_back', progress: { done: 3, total: 3 } })).toBe(
      'rolled_back',
    );
  });

  it('does not call an untouched run without items complete', () => {
    expect(deriveStatus({ ...base, progress: { done: 0, total: 0 } })).toBe('not_started');
    expect(deriveStatus({ ...base, started: true, progress: { done: 0, total: 0 } })).toBe('completed');
  });
});
