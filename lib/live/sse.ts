import type { LiveBus } from './bus';
import type { Presence, Viewer } from './presence';
import type { EventSource, LiveEvent } from './types';

const HEARTBEAT_MS = 15_000;
const REPLAY_LOOKBACK_MS = 5_000;
const encoder = new TextEncoder();

export function formatSse(event: LiveEvent): string {
  const id = event.id === null ? '' : `id: ${event.id}\n`;
  return `${id}event: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`;
}

/**
 * The Server-Sent Events stream of one run for one viewer: first what they missed since
 * `lastEventId` (read from PostgreSQL), then live events; presence while connected; a comment
 * every 15 s keeps proxies from closing an idle stream.
 */
export function runEventStream(opts: {
  bus: LiveBus;
  presence: Presence;
  source: EventSource;
  runId: string;
  viewer: Viewer;
  lastEventId: number | null;
  signal: AbortSignal;
}): ReadableStream<Uint8Array> {
  const { bus, presence, source, runId, viewer, signal } = opts;
  let cleanup = () => {};
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      let closed = false;
      const send = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          closed = true;
        }
      };
      send('retry: 2000\n: connected\n\n');
      let last = opts.lastEventId ?? 0;
      const sent = new Set<number>();
      const forward = (e: LiveEvent) => {
        if (e.id !== null) {
          if (sent.has(e.id)) return;
          sent.add(e.id);
          if (sent.size > 5_000) sent.delete(sent.values().next().value!);
        }
        send(formatSse(e));
      };
      // Subscribe before replaying so nothing committed in between is lost; `sent` removes duplicates.
      const buffered: LiveEvent[] = [];
      let replaying = true;
      const unsubscribe = bus.subscribe(runId, (e) => (replaying ? buffered.push(e) : forward(e)), last);
      if (opts.lastEventId !== null) {
        for (const e of await source([runId], last, REPLAY_LOOKBACK_MS).catch(() => [])) {
          forward(e);
          if (e.id !== null && e.id > last) last = e.id;
        }
      }
      replaying = false;
      for (const e of buffered) forward(e);

      const connId = await presence.join(runId, viewer);
      const heartbeat = setInterval(() => {
        send(': ping\n\n');
        void presence.refresh(runId, connId);
      }, HEARTBEAT_MS);
      let cleaned = false;
      cleanup = () => {
        if (cleaned) return;
        cleaned = true;
        closed = true;
        clearInterval(heartbeat);
        unsubscribe();
        void presence.leave(runId, connId);
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      if (signal.aborted) cleanup();
      else signal.addEventListener('abort', cleanup, { once: true });
    },
    cancel() {
      cleanup();
    },
  });
}
