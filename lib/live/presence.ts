import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { tryRedis } from '@/lib/redis/client';
import type { LiveBus } from './bus';

export interface Viewer {
  userId: string;
  name: string;
}

const KEY = (runId: string) => `liftoff:presence:${runId}`;
/** A viewer whose connection has not refreshed within this window is gone (its instance died). */
const STALE_MS = 60_000;

/**
 * Who is looking at a run. Each open event stream is one entry; with Redis the entries are
 * shared across instances, without it each instance knows its own viewers.
 */
export class Presence {
  private local = new Map<string, Map<string, Viewer & { at: number }>>();

  constructor(
    private readonly bus: LiveBus,
    private readonly redis: Redis | null,
  ) {}

  async join(runId: string, viewer: Viewer): Promise<string> {
    const connId = randomUUID();
    const entry = { ...viewer, at: Date.now() };
    const conns = this.local.get(runId) ?? new Map();
    conns.set(connId, entry);
    this.local.set(runId, conns);
    await this.share(runId, connId, entry);
    await this.announce(runId);
    return connId;
  }

  async refresh(runId: string, connId: string) {
    const entry = this.local.get(runId)?.get(connId);
    if (!entry) return;
    entry.at = Date.now();
    await this.share(runId, connId, entry);
  }

  /** Writes the entry where other instances see it; the key expires if every instance dies. */
  private share(runId: string, connId: string, entry: Viewer & { at: number }) {
    return tryRedis(
      this.redis,
      (r) =>
        r
          .multi()
          .hset(KEY(runId), connId, JSON.stringify(entry))
          .pexpire(KEY(runId), STALE_MS * 2)
          .exec(),
      null,
    );
  }

  async leave(runId: string, connId: string) {
    const conns = this.local.get(runId);
    conns?.delete(connId);
    if (conns?.size === 0) this.local.delete(runId);
    await tryRedis(this.redis, (r) => r.hdel(KEY(runId), connId), 0);
    await this.announce(runId);
  }

  /** Distinct people viewing the run, by name. */
  async list(runId: string): Promise<Viewer[]> {
    const now = Date.now();
    const entries = [...(this.local.get(runId)?.values() ?? [])];
    const shared = await tryRedis(this.redis, (r) => r.hvals(KEY(runId)), [] as string[]);
    for (const raw of shared) {
      try {
        entries.push(JSON.parse(raw));
      } catch {
        // ignore a damaged entry
      }
    }
    const people = new Map<string, Viewer>();
    for (const e of entries)
      if (now - e.at < STALE_MS) people.set(e.userId, { userId: e.userId, name: e.name });
    return [...people.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  private async announce(runId: string) {
    await this.bus.publishEphemeral({
      id: null,
      runId,
      type: 'presence',
      data: { viewers: await this.list(runId) },
    });
  }
}
