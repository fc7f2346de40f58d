import 'server-only';
import { getDb } from '@/lib/db/client';
import { getRedis } from '@/lib/redis/client';
import { eventsSince } from '@/lib/runs/audit';
import type { RunEvent } from '@/lib/runs/types';
import { onRunEvent } from '@/lib/runs/write';
import { LiveBus } from './bus';
import { Presence } from './presence';
import type { EventSource, LiveEvent } from './types';

export const toLiveEvent = (e: RunEvent): LiveEvent => ({
  id: e.id,
  runId: e.runId,
  type: e.action,
  data: e,
});

const source: EventSource = async (runIds, afterId, lookbackMs) =>
  (await eventsSince(await getDb(), runIds, afterId, { lookbackMs })).map(toLiveEvent);

const g = globalThis as unknown as {
  __liftoffLive?: { bus: LiveBus; presence: Presence; source: EventSource };
  __liftoffLiveWired?: boolean;
};

/** This process's live bus and presence registry. */
export function live() {
  if (!g.__liftoffLive) {
    const redis = getRedis();
    const bus = new LiveBus(source, redis);
    g.__liftoffLive = { bus, presence: new Presence(bus, redis), source };
  }
  return g.__liftoffLive;
}

/** Sends a committed change to every browser watching the run, on every instance. */
export async function publishRunEvent(event: RunEvent | null | undefined): Promise<void> {
  if (event) await live().bus.publish(toLiveEvent(event));
}

/** Start-up: every committed run write (lib/runs' one write path) goes out on the live bus. */
export function publishRunWrites(): void {
  if (g.__liftoffLiveWired) return;
  g.__liftoffLiveWired = true;
  onRunEvent(publishRunEvent);
}
