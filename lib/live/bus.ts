import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import { errorText, log } from '@/lib/log';
import type { EventSource, Listener, LiveEvent } from './types';

const CHANNEL = 'liftoff:live';
/** Poll PostgreSQL this often while Redis is down, and this often as a safety net while it is up. */
const POLL_FALLBACK_MS = 500;
const POLL_SAFETY_MS = 5_000;
const LOOKBACK_MS = 5_000;
/**
 * Time one turn of the event loop may spend handing events to subscribers. One event for 500
 * viewers of a run is 500 stream writes (~15 ms on 2 busy cores); past this budget the rest go
 * out on the next turn, so a request arriving meanwhile (a GET of the run, a tick) is answered
 * between them instead of after all of them. Small enough for a GET, large enough that a busy
 * loop does not spread one event over many turns (each turn also pays for all other I/O).
 */
const SLICE_MS = 8;
/** Subscribers served between two looks at the clock. */
const CHECK_EVERY = 32;

interface Delivery {
  listeners: Listener[];
  event: LiveEvent;
  next: number;
}

/**
 * Delivers run events to this instance's subscribers. Writes on this instance are delivered
 * at once; Redis pub/sub carries them to other instances. Because pub/sub drops messages while
 * a connection is down, every instance also reads new events from PostgreSQL: every 500 ms
 * while Redis is unavailable, every 5 s otherwise. Subscribers see each event id once.
 */
export class LiveBus {
  readonly instanceId = randomUUID();
  private local = new EventEmitter();
  private seen = new Map<string, Set<number>>();
  private cursor = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private lastPoll = 0;
  private subscriber: Redis | null = null;
  /** Deliveries still going out, oldest first: a later event never overtakes an earlier one. */
  private queue: Delivery[] = [];
  private draining = false;

  constructor(
    private readonly source: EventSource,
    private readonly redis: Redis | null,
  ) {
    this.local.setMaxListeners(0);
    if (redis) this.listenToRedis(redis);
  }

  private listenToRedis(redis: Redis) {
    const sub = redis.duplicate({ enableOfflineQueue: true, connectionName: 'liftoff-live' });
    sub.on('error', () => {}); // the main client already logs outages
    sub.subscribe(CHANNEL).catch(() => {});
    sub.on('message', (_channel, raw) => {
      try {
        const { origin, event } = JSON.parse(raw) as { origin: string; event: LiveEvent };
        if (origin !== this.instanceId) this.deliver(event);
      } catch {
        log.warn('ignored a malformed live message');
      }
    });
    this.subscriber = sub;
  }

  private redisUp() {
    return this.redis?.status === 'ready' && this.subscriber?.status === 'ready';
  }

  /** Called after a write commits. */
  async publish(event: LiveEvent): Promise<void> {
    this.deliver(event);
    if (this.redisUp()) {
      await this.redis!.publish(CHANNEL, JSON.stringify({ origin: this.instanceId, event })).catch(() => {});
    }
  }

  /** Presence and other ephemeral notices: same path, nothing persisted. */
  publishEphemeral(event: LiveEvent) {
    return this.publish(event);
  }

  private deliver(event: LiveEvent) {
    if (event.id !== null) {
      const seen = this.seen.get(event.runId) ?? new Set<number>();
      if (seen.has(event.id)) return;
      seen.add(event.id);
      if (seen.size > 2_000) seen.delete(seen.values().next().value!);
      this.seen.set(event.runId, seen);
      if (event.id > (this.cursor.get(event.runId) ?? 0)) this.cursor.set(event.runId, event.id);
    }
    const listeners = this.local.listeners(event.runId) as Listener[];
    if (listeners.length === 0) return;
    this.queue.push({ listeners, event, next: 0 });
    // The first slice goes out now; the rest on the following turns.
    if (!this.draining) this.drain();
  }

  private drain = () => {
    this.draining = true;
    const until = performance.now() + SLICE_MS;
    let sinceCheck = 0;
    while (this.queue.length > 0) {
      const job = this.queue[0]!;
      try {
        job.listeners[job.next]!(job.event);
      } catch (err) {
        log.warn('a live listener failed', { error: errorText(err) });
      }
      if (++job.next >= job.listeners.length) this.queue.shift();
      if (++sinceCheck === CHECK_EVERY) {
        sinceCheck = 0;
        if (performance.now() > until) break;
      }
    }
    if (this.queue.length > 0) setImmediate(this.drain);
    else this.draining = false;
  };

  subscribe(runId: string, listener: Listener, fromId: number): () => void {
    if (!this.cursor.has(runId) || this.cursor.get(runId)! < fromId) this.cursor.set(runId, fromId);
    this.local.on(runId, listener);
    this.ensurePolling();
    return () => {
      this.local.off(runId, listener);
      if (this.local.listenerCount(runId) === 0) {
        this.seen.delete(runId);
        this.cursor.delete(runId);
      }
    };
  }

  private ensurePolling() {
    if (this.timer) return;
    this.timer = setInterval(() => void this.poll(), POLL_FALLBACK_MS);
    this.timer.unref();
  }

  private async poll() {
    const runIds = this.local.eventNames().filter((n): n is string => typeof n === 'string');
    if (runIds.length === 0) {
      clearInterval(this.timer!);
      this.timer = null;
      return;
    }
    if (this.redisUp() && Date.now() - this.lastPoll < POLL_SAFETY_MS) return;
    this.lastPoll = Date.now();
    const after = Math.min(...runIds.map((id) => this.cursor.get(id) ?? 0));
    try {
      for (const event of await this.source(runIds, after, LOOKBACK_MS)) this.deliver(event);
    } catch {
      // PostgreSQL down too: nothing new can have been acknowledged; try again next tick.
    }
  }

  close() {
    if (this.timer) clearInterval(this.timer);
    this.subscriber?.disconnect();
    this.local.removeAllListeners();
    this.queue = [];
  }
}
