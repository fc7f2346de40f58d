/** A token bucket: `perSecond` sends a second on average, up to `burst` at once. Times come from the caller. */
export class TokenBucket {
  private tokens: number;
  private at: number | null = null;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
  ) {
    this.tokens = burst;
  }

  private refill(nowMs: number): void {
    if (this.at !== null)
      this.tokens = Math.min(this.burst, this.tokens + ((nowMs - this.at) / 1000) * this.perSecond);
    this.at = nowMs;
  }

  /** Whole tokens available now. */
  available(nowMs: number): number {
    this.refill(nowMs);
    return Math.floor(this.tokens);
  }

  take(nowMs: number, n: number): void {
    this.refill(nowMs);
    this.tokens -= n;
  }

  /** Milliseconds until one token is available (0 when one is). */
  waitMs(nowMs: number): number {
    this.refill(nowMs);
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) / this.perSecond) * 1000);
  }
}
