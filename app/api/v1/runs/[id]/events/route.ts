import { route } from '@/lib/api/route';
import { live } from '@/lib/live';
import { acquireStreamSlot, runEventStream } from '@/lib/live/sse';
import { getRunSummary } from '@/lib/runs';

export const dynamic = 'force-dynamic';

/** Server-Sent Events of one run; `Last-Event-ID` replays what a reconnecting browser missed. */
export const GET = route<{ id: string }>(
  '/api/v1/runs/:id/events',
  'user',
  async ({ req, deps, params, principal }) => {
    await getRunSummary(deps.db, params.id);
    const header = req.headers.get('last-event-id') ?? req.nextUrl.searchParams.get('lastEventId');
    const lastEventId = header && /^\d+$/.test(header) ? Number(header) : null;
    const { bus, presence, source } = live();
    const release = acquireStreamSlot(`run:${principal.sessionId ?? principal.apiKeyId ?? principal.userId}`);
    const stream = runEventStream({
      bus,
      presence,
      source,
      runId: params.id,
      viewer: { userId: principal.userId, name: principal.name },
      lastEventId,
      signal: req.signal,
      onClose: release,
    });
    return new Response(stream, {
      headers: {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      },
    });
  },
);
