/**
 * Per-channel circuit breaker: after `threshold` failures in a row the channel is left alone
 * for a cool-down (doubling on each re-open, up to a cap); then one trial send decides whether
 * it closes again. Its deliveries wait (they stay due) instead of each timing out in turn, so
 * a dead receiver costs one slow attempt per cool-down, not one per message. Times come from
 * the caller (the dispatcher's clock).
 */
export interface BreakerOptions {
  threshold: number;
  cooldownMs: number;
  maxCooldownMs: number;
}

export const DEFAULT_BREAKER: BreakerOptions = {
  threshold: 5,
  cooldownMs: 30_000,
  maxCooldownMs: 10 * 60_000,
};

export type BreakerState = 'closed' | 'open' | 'half-open';

export class CircuitBreaker {
  private failures = 0;
  private opens = 0;
  private openUntil = 0;

  constructor(private readonly opts: BreakerOptions = DEFAULT_BREAKER) {}

  state(nowMs: number): BreakerState {
    if (this.opens === 0) return 'closed';
    return nowMs < this.openUntil ? 'open' : 'half-open';
  }

  /** How many sends may start now, with `inFlight` already running. */
  allowance(nowMs: number, inFlight: number): number {
    const state = this.state(nowMs);
    if (state === 'closed') return Number.POSITIVE_INFINITY;
    return state === 'half-open' && inFlight === 0 ? 1 : 0;
  }

  success(): void {
    this.failures = 0;
    this.opens = 0;
    this.openUntil = 0;
  }

  failure(nowMs: number): void {
    this.failures++;
    // A failed trial re-opens at once; a closed breaker opens at the threshold.
    if (this.opens > 0 || this.failures >= this.opts.threshold) {
      const cooldown = Math.min(this.opts.maxCooldownMs, this.opts.cooldownMs * 2 ** this.opens);
      this.opens++;
      this.openUntil = nowMs + cooldown;
    }
  }
}
