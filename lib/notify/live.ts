import 'server-only';
import { live } from '@/lib/live';
import { userChannel } from './inbox';

const HEARTBEAT_MS = 15_000;
const encoder = new TextEncoder();

/** Tells these people's open bells (on every instance) that they have something new. */
export async function publishToUsers(userIds: readonly string[]): Promise<void> {
  const { bus } = live();
  await Promise.all(
    userIds.map((id) =>
      bus.publishEphemeral({ id: null, runId: userChannel(id), type: 'notification', data: {} }),
    ),
  );
}

/** Server-Sent Events for one person's bell: `notification` when something new arrived for them. */
export function userEventStream(
  userId: string,
  signal: AbortSignal,
  /** Called once when the stream ends (gives back its stream slot). */
  onClose: () => void = () => {},
): ReadableStream<Uint8Array> {
  let cleanup = onClose;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      send('retry: 5000\n: connected\n\n');
      const unsubscribe = live().bus.subscribe(
        userChannel(userId),
        () => send('event: notification\ndata: {}\n\n'),
        0,
      );
      const heartbeat = setInterval(() => send(': ping\n\n'), HEARTBEAT_MS);
      let done = false;
      cleanup = () => {
        if (done) return;
        done = true;
        onClose();
        clearInterval(heartbeat);
        unsubscribe();
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
