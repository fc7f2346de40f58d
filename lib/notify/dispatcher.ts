/**
 * The dispatcher: runs on the scheduler's leader. A full pass (on a poll, or when a write wakes
 * it) expands new outbox events, then, channel by channel, claims as many due deliveries as the
 * channel may send now (its in-flight slots, its rate limit, its circuit breaker) and sends them
 * without waiting: every channel is a lane of its own, so a slow or dead receiver only ever
 * holds its own slots. A finished send records its attempt (and the retry time, or dead) and
 * asks for a refill of its own lane only.
 */
import { setMaxListeners } from 'node:events';
import type { Channel, NotificationsConfig } from '@/lib/config/notifications';
import { now } from '@/lib/core/clock';
import type { Db } from '@/lib/db/client';
import { errorText, log } from '@/lib/log';
import { type BreakerOptions, CircuitBreaker, DEFAULT_BREAKER } from './breaker';
import { channelConcurrency, sendTo } from './channels';
import type { SendResult } from './channels/types';
import { type AttemptResult, type Claimed, claimDue, dueChannels, finishAttempt } from './deliveries';
import { expandPending } from './expand';
import { TokenBucket } from './rate';
import { nextAttemptAt } from './retry';

export interface DispatcherOptions {
  db: Db;
  config: () => NotificationsConfig;
  publicUrl: string;
  /** Sends still in flight per channel at most. */
  maxInFlight?: number;
  /** How often the loop looks for work when nothing wakes it. */
  pollMs?: number;
  /** A send's lease beyond its channel's timeout, before another dispatcher may take it over. */
  leaseMarginMs?: number;
  breaker?: BreakerOptions;
  /** People with new in-app notifications (their bells update). */
  onUsersNotified?: (userIds: string[]) => void;
  /** Replaces the channel modules (tests). */
  send?: (channel: Channel, claim: Claimed, signal: AbortSignal) => Promise<SendResult>;
  random?: () => number;
}

const EXPAND_BATCH = 100;

class Lane {
  inFlight = 0;
  readonly bucket: TokenBucket;
  readonly breaker: CircuitBreaker;

  constructor(
    readonly channel: Channel,
    breaker: BreakerOptions,
  ) {
    this.bucket = new TokenBucket(channel.rate.perSecond, channel.rate.burst);
    this.breaker = new CircuitBreaker(breaker);
  }

  capacity(nowMs: number, maxInFlight: number): number {
    return Math.min(
      channelConcurrency(this.channel, maxInFlight) - this.inFlight,
      this.bucket.available(nowMs),
      this.breaker.allowance(nowMs, this.inFlight),
    );
  }
}

export class Dispatcher {
  private lanes = new Map<string, Lane>();
  private sends = new Set<Promise<void>>();
  private stepping: Promise<void> | null = null;
  private again = false;
  /** The next pass expands and looks at every channel; otherwise it refills `refills` only. */
  private full = true;
  private refills = new Set<string>();
  private scheduled = false;
  private timer: NodeJS.Timeout | undefined;
  private soon: NodeJS.Timeout | undefined;
  private running = false;
  private readonly controller = new AbortController();
  readonly stats = { expanded: 0, sent: 0, delivered: 0, failed: 0 };

  constructor(private readonly opts: DispatcherOptions) {
    // Every send in flight listens on it.
    setMaxListeners(0, this.controller.signal);
  }

  private get maxInFlight(): number {
    return this.opts.maxInFlight ?? 16;
  }

  private lane(channel: Channel): Lane {
    let lane = this.lanes.get(channel.name);
    // A reloaded configuration may change a channel: start its lane afresh.
    if (!lane || lane.channel !== channel) {
      lane = new Lane(channel, this.opts.breaker ?? DEFAULT_BREAKER);
      this.lanes.set(channel.name, lane);
    }
    return lane;
  }

  /** A full pass: expand, then claim and start sends. Concurrent calls share the pass in progress. */
  step(): Promise<void> {
    this.full = true;
    return this.run();
  }

  private run(): Promise<void> {
    if (this.stepping) {
      this.again = true;
      return this.stepping;
    }
    this.stepping = this.pass()
      .catch((err: unknown) =>
        log.warn('notification dispatch failed; retrying', {
          error: errorText(err),
        }),
      )
      .finally(() => {
        this.stepping = null;
        if (this.again) {
          this.again = false;
          this.schedule();
        }
      });
    return this.stepping;
  }

  private async pass(): Promise<void> {
    const { db } = this.opts;
    const config = this.opts.config();
    const full = this.full;
    this.full = false;
    const refills = [...this.refills];
    this.refills.clear();
    if (full) {
      for (;;) {
        const r = await expandPending(db, { config, publicUrl: this.opts.publicUrl, limit: EXPAND_BATCH });
        this.stats.expanded += r.events;
        if (r.users.length) this.opts.onUsersNotified?.(r.users);
        if (r.events < EXPAND_BATCH) break;
      }
    }
    const at = now();
    for (const name of full ? await dueChannels(db, at) : refills) {
      const channel = Object.hasOwn(config.channels, name) ? config.channels[name]! : null;
      // A channel removed from the configuration: its deliveries wait until it is back.
      if (!channel) continue;
      const lane = this.lane(channel);
      const n = lane.capacity(at.getTime(), this.maxInFlight);
      if (n <= 0) {
        this.retryWhenRateAllows(lane, at.getTime());
        continue;
      }
      const claimed = await claimDue(db, name, n, at, channel.timeoutMs + (this.opts.leaseMarginMs ?? 5_000));
      lane.bucket.take(at.getTime(), claimed.length);
      for (const claim of claimed) this.launch(lane, claim);
    }
  }

  /** A rate-limited lane with work waiting: look again as soon as a token is there. */
  private retryWhenRateAllows(lane: Lane, nowMs: number): void {
    const wait = lane.bucket.waitMs(nowMs);
    if (wait > 0 && this.running && !this.soon) {
      this.soon = setTimeout(() => {
        this.soon = undefined;
        this.wake();
      }, wait);
      this.soon.unref();
    }
  }

  private launch(lane: Lane, claim: Claimed): void {
    lane.inFlight++;
    this.stats.sent++;
    const send = this.deliver(lane, claim).finally(() => {
      lane.inFlight--;
      this.sends.delete(send);
      this.refills.add(lane.channel.name);
      this.schedule();
    });
    this.sends.add(send);
  }

  private async deliver(lane: Lane, claim: Claimed): Promise<void> {
    const started = performance.now();
    const send =
      this.opts.send ??
      ((c, m, s) => sendTo(c, { deliveryId: m.id, payload: m.payload, recipient: m.recipient }, s));
    const result = await send(lane.channel, claim, this.controller.signal).catch(
      (err: unknown): SendResult => ({ ok: false, error: errorText(err) }),
    );
    const at = now();
    const durationMs = performance.now() - started;
    let outcome: AttemptResult;
    if (result.ok) {
      lane.breaker.success();
      this.stats.delivered++;
      outcome = { ...result, outcome: 'delivered', state: 'delivered', dueAt: null, durationMs };
    } else {
      lane.breaker.failure(at.getTime());
      this.stats.failed++;
      const next = nextAttemptAt(claim.createdAt, at, claim.attempt, this.opts.random);
      outcome = { ...result, outcome: 'failed', state: next ? 'failed' : 'dead', dueAt: next, durationMs };
    }
    try {
      await finishAttempt(this.opts.db, claim, outcome, at);
    } catch (err) {
      // The lease runs out and the delivery is sent again, same id: at least once, never lost.
      log.warn('could not record a notification attempt', {
        error: errorText(err),
      });
    }
  }

  /** New work may be there (a write, a Redeliver): a full pass soon. */
  wake(): void {
    this.full = true;
    this.schedule();
  }

  private schedule(): void {
    if (!this.running || this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.run();
    });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    const loop = () => {
      void this.step().finally(() => {
        if (!this.running) return;
        this.timer = setTimeout(loop, this.opts.pollMs ?? 250);
        this.timer.unref();
      });
    };
    loop();
  }

  /** Stops looking for work; sends in flight finish and are recorded. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    clearTimeout(this.soon);
    this.soon = undefined;
    if (this.stepping) await this.stepping;
    await this.drain();
  }

  /** Waits for every send in flight (tests, benchmarks, shutdown). */
  async drain(): Promise<void> {
    while (this.sends.size) await Promise.all([...this.sends]);
  }

  /** Steps until nothing is due and nothing is in flight (tests with a manual clock). */
  async settle(): Promise<void> {
    for (let i = 0; i < 1_000; i++) {
      await this.step();
      if (this.sends.size === 0) {
        const due = await dueChannels(this.opts.db, now());
        const config = this.opts.config();
        const sendable = due.filter((c) => {
          const channel = config.channels[c];
          return channel && this.lane(channel).capacity(now().getTime(), this.maxInFlight) > 0;
        });
        if (sendable.length === 0) return;
      }
      await this.drain();
    }
  }

  breakerState(channel: string): string {
    return this.lanes.get(channel)?.breaker.state(now().getTime()) ?? 'closed';
  }
}
