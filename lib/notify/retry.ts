/**
 * When a failed delivery is tried again: about 10 s, 1 min, 5 min, 30 min and 2 h after the
 * first failures, then hourly, each wait jittered by ±20 % so deliveries that failed together
 * do not return together; a delivery still failing 24 h after it was created is dead.
 */
export const RETRY_SCHEDULE_MS = [10_000, 60_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000] as const;
export const RETRY_HOURLY_MS = 3_600_000;
export const GIVE_UP_AFTER_MS = 24 * 3_600_000;
export const JITTER = 0.2;

/** The wait after failed attempt number `attempt` (1-based). */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = RETRY_SCHEDULE_MS[attempt - 1] ?? RETRY_HOURLY_MS;
  return Math.round(base * (1 - JITTER + 2 * JITTER * random()));
}

/** When to try again after attempt `attempt` failed at `failedAt`; null: give up (dead). */
export function nextAttemptAt(
  createdAt: Date,
  failedAt: Date,
  attempt: number,
  random: () => number = Math.random,
): Date | null {
  const at = failedAt.getTime() + retryDelayMs(attempt, random);
  return at - createdAt.getTime() > GIVE_UP_AFTER_MS ? null : new Date(at);
}
