import { LiftoffError } from '@/lib/core/errors';
import type { LiveBus } from './bus';
import type { Presence, Viewer } from './presence';
import type { EventSource, LiveEvent } from './types';

const HEARTBEAT_MS = 15_000;
const REPLAY_LOOKBACK_MS = 5_000;
const encoder = new TextEncoder();

/**
 * Open streams are capped per session (or API key) and kind (`run:…`, `notify:…`) and per
 * instance, all kinds together: each holds a socket and a bus subscription, and a browser tab
 * needs one of each.
 */
export const STREAM_LIMITS = { perViewer: 8, perInstance: 500 };

const g = globalThis as unknown as { __liftoffStreams?: { total: number; byViewer: Map<string, number> } };
const streams = () => {
  g.__liftoffStreams ??= { total: 0, byViewer: new Map() };
  return g.__liftoffStreams;
};

/** Takes a stream slot for `viewerKey` or refuses with 429; the returned release is idempotent. */
export function acquireStreamSlot(viewerKey: string, limits = STREAM_LIMITS): () => void {
  const s = streams();
  const mine = s.byViewer.get(viewerKey) ?? 0;
  if (mine >= limits.perViewer) {
    throw new LiftoffError(
      'rate_limited',
      `Too many live connections from this session (${limits.perViewer} at most); close other tabs.`,
      undefined,
      { retryAfterSeconds: 5 },
    );
  }
  if (s.total >= limits.perInstance) {
    throw new LiftoffError(
      'rate_limited',
      'This server has too many live connections; try again shortly.',
      undefined,
      {
        retryAfterSeconds: 5,
      },
    );
  }
  s.total++;
  s.byViewer.set(viewerKey, mine + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    s.total--;
    const left = (s.byViewer.get(viewerKey) ?? 1) - 1;
    if (left > 0) s.byViewer.set(viewerKey, left);
    else s.byViewer.delete(viewerKey);
  };
}

export function formatSse(event: LiveEvent): string {
  const id = event.id === null ? '' : `id: ${event.id}\n`;
  return `${id}event: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`;
}

/**
 * One event's bytes, made once however many streams it goes to: the bus hands the same event
 * object to every subscriber of the run, and 500 viewers need not serialise it 500 times.
 * (Chunks of a default ReadableStream are not transferred, so one buffer can be shared.)
 */
const encoded = new WeakMap<LiveEvent, Uint8Array>();
function sseBytes(event: LiveEvent): Uint8Array {
  let bytes = encoded.get(event);
  if (!bytes) {
    bytes = encoder.encode(formatSse(event));
    encoded.set(event, bytes);
  }
  return bytes;
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
  /** Called once when the stream ends, however it ends (gives back the stream slot). */
  onClose?: () => void;
}): ReadableStream<Uint8Array> {
  const { bus, presence, source, runId, viewer, signal } = opts;
  const onClose = opts.onClose ?? (() => {});
  let cleanup = onClose;
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      // Until the stream is fully set up, an abort still gives the slot back.
      signal.addEventListener('abort', () => cleanup(), { once: true });
      let closed = false;
      const sendBytes = (bytes: Uint8Array) => {
        if (closed) return;
        try {
          controller.enqueue(bytes);
        } catch {
          closed = true;
        }
      };
      const send = (text: string) => sendBytes(encoder.encode(text));
      send('retry: 2000\n: connected\n\n');
      let last = opts.lastEventId ?? 0;
      const sent = new Set<number>();
      const forward = (e: LiveEvent) => {
        if (e.id !== null) {
          if (sent.has(e.id)) return;
          sent.add(e.id);
          if (sent.size > 5_000) sent.delete(sent.values().next().value!);
        }
        sendBytes(sseBytes(e));
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

      const connId = await presence.join(runId, viewer).catch((err: unknown) => {
        unsubscribe();
        onClose();
        throw err;
      });
      const heartbeat = setInterval(() => {
        send(': ping\n\n');
        void presence.refresh(runId, connId);
      }, HEARTBEAT_MS);
      let cleaned = false;
      cleanup = () => {
        if (cleaned) return;
        cleaned = true;
        closed = true;
        onClose();
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
    },
    cancel() {
      cleanup();
    },
  });
}
