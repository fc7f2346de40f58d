import { route } from '@/lib/api/route';
import { acquireStreamSlot } from '@/lib/live/sse';
import { userEventStream } from '@/lib/notify/live';

export const dynamic = 'force-dynamic';

/** Server-Sent Events: `notification` whenever something new arrives for the caller. */
export const GET = route('/api/v1/notifications/stream', 'user', async ({ req, principal }) => {
  const release = acquireStreamSlot(
    `notify:${principal.sessionId ?? principal.apiKeyId ?? principal.userId}`,
  );
  return new Response(userEventStream(principal.userId, req.signal, release), {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    },
  });
});
