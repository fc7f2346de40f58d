/**
 * The one clock for anything time-based that tests must drive (retry schedules, leases,
 * damping windows, rate limits): production reads the system clock, a test swaps in a manual
 * one and moves it forward instead of sleeping. Kept on globalThis so every bundle sees the
 * same clock.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

const g = globalThis as unknown as { __liftoffClock?: Clock };

/** The current time by the process's clock. */
export const now = (): Date => (g.__liftoffClock ?? systemClock).now();

/** Milliseconds since the epoch by the process's clock. */
export const nowMs = (): number => now().getTime();

/** Replaces the process's clock; `undefined` restores the system clock. */
export function setClock(clock: Clock | undefined): void {
  g.__liftoffClock = clock;
}

/** A clock that stands still until told to move: for tests and benchmarks. */
export class ManualClock implements Clock {
  private ms: number;

  constructor(start: Date | number = Date.UTC(2026, 0, 1)) {
    this.ms = typeof start === 'number' ? start : start.getTime();
  }

  now(): Date {
    return new Date(this.ms);
  }

  advance(ms: number): Date {
    this.ms += ms;
    return this.now();
  }
}
