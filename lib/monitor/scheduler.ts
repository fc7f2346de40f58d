import { setMaxListeners } from 'node:events';
import type { Target } from '@/lib/config/targets';
import { errorText, log } from '@/lib/log';
import type { Sample } from './types';

/**
 * Probes every target on its own interval. Each target has its own timer, so a slow or dead
 * target never delays another; a tick that comes while the previous probe of the same target
 * is still running is skipped (counted in `stats.skipped`), so probes of one target never
 * overlap. Ticks keep a fixed rate from the target's first probe instead of drifting by the
 * probe's duration.
 */

export type SampleFn = (target: Target, signal: AbortSignal) => Promise<Sample[]>;

export interface SchedulerOptions {
  sample: SampleFn;
  /** Receives every probe's rows; must not throw (the writer buffers). */
  write: (rows: Sample[]) => void;
  /** Delay before a target's first probe. Default: random within min(interval, 1 s), to spread load. */
  firstDelayMs?: (target: Target) => number;
}

export interface SchedulerStats {
  probes: number;
  skipped: number;
  failures: number;
}

const spread = (t: Target) => Math.random() * Math.min(t.intervalMs, 1_000);

class TargetLoop {
  private timer: NodeJS.Timeout | undefined;
  private nextAt = 0;
  private inFlight: Promise<void> | null = null;
  private stopped = false;

  constructor(
    readonly target: Target,
    private readonly opts: SchedulerOptions,
    private readonly signal: AbortSignal,
    private readonly stats: SchedulerStats,
  ) {}

  start(delayMs: number): void {
    this.nextAt = performance.now() + delayMs;
    this.arm();
  }

  private arm(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => this.tick(), Math.max(0, this.nextAt - performance.now()));
    // The scheduler never keeps a process (a CLI, a test) alive by itself.
    this.timer.unref();
  }

  private tick(): void {
    if (this.stopped) return;
    const now = performance.now();
    this.nextAt += this.target.intervalMs;
    // After a long stall (suspended laptop, blocked loop), resume the rhythm instead of bursting.
    if (this.nextAt <= now) this.nextAt = now + this.target.intervalMs;
    if (this.inFlight) this.stats.skipped++;
    else this.inFlight = this.probe().finally(() => (this.inFlight = null));
    this.arm();
  }

  private async probe(): Promise<void> {
    this.stats.probes++;
    try {
      const rows = await this.opts.sample(this.target, this.signal);
      if (this.stopped && this.signal.aborted) return;
      if (rows.some((r) => !r.ok)) this.stats.failures++;
      this.opts.write(rows);
    } catch (err) {
      // Probes resolve with ok: false; anything thrown is a bug worth one line, not a crash.
      log.warn('monitor probe failed unexpectedly', {
        target: `${this.target.environment}/${this.target.key}`,
        error: errorText(err),
      });
    }
  }

  /** Stops ticking; resolves when the probe in flight (cancelled through the signal) is done. */
  stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    return this.inFlight ?? Promise.resolve();
  }
}

export class ProbeScheduler {
  readonly stats: SchedulerStats = { probes: 0, skipped: 0, failures: 0 };
  private loops: TargetLoop[] = [];
  private controller: AbortController | null = null;

  constructor(private readonly opts: SchedulerOptions) {}

  get running(): boolean {
    return this.controller !== null;
  }

  /** Starts one loop per target; a running scheduler is restarted with the new list. */
  async start(targets: readonly Target[]): Promise<void> {
    await this.stop();
    const controller = new AbortController();
    // Every probe in flight listens on it: hundreds of targets are expected, not a leak.
    setMaxListeners(0, controller.signal);
    this.controller = controller;
    const firstDelay = this.opts.firstDelayMs ?? spread;
    this.loops = targets.map((t) => new TargetLoop(t, this.opts, controller.signal, this.stats));
    for (const loop of this.loops) loop.start(firstDelay(loop.target));
  }

  /** Cancels probes in flight and waits for them; idempotent. */
  async stop(): Promise<void> {
    const controller = this.controller;
    if (!controller) return;
    this.controller = null;
    const loops = this.loops;
    this.loops = [];
    const done = loops.map((l) => l.stop());
    controller.abort();
    await Promise.all(done);
  }
}
