/**
 * The one clock of everything time-based that tests must be able to drive: stage soak times,
 * trigger `for` durations, recurring periods, notification retries. Production reads the
 * system time; a test installs a manual clock and moves it forward instead of sleeping.
 */
export interface Clock {
  now(): number;
}

const systemClock: Clock = { now: () => Date.now() };

// On globalThis: Next.js may load this module once per bundle, and all must agree.
const g = globalThis as unknown as { __liftoffClock?: Clock };

export const clock = {
  /** Milliseconds since the epoch, from the installed clock. */
  now: (): number => (g.__liftoffClock ?? systemClock).now(),
  date: (): Date => new Date(clock.now()),
};

/** A clock a test moves by hand. */
export class ManualClock implements Clock {
  constructor(private t: number = Date.now()) {}
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
  set(t: number | Date): void {
    this.t = typeof t === 'number' ? t : t.getTime();
  }
}

/** Installs a clock (tests); `null` goes back to the system time. */
export function useClock(c: Clock | null): void {
  g.__liftoffClock = c ?? undefined;
}
