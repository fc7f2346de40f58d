/**
 * The one clock of everything time-based that tests must be able to drive: stage soaks,
 * trigger `for` durations, recurring periods, notification retries, leases, damping windows,
 * rate limits. Production reads the system time; a test installs a manual clock and moves it
 * forward instead of sleeping. Kept on globalThis so every bundle sees the same clock.
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

/** The same clock as an object: `clock.now()` in milliseconds, `clock.date()` as a Date. */
export const clock = { now: nowMs, date: now };

/** Replaces the process's clock; `undefined` (or null) restores the system clock. */
export function setClock(c: Clock | undefined | null): void {
  g.__liftoffClock = c ?? undefined;
}

export const useClock = setClock;

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

  set(t: number | Date): void {
    this.ms = typeof t === 'number' ? t : t.getTime();
  }
}
