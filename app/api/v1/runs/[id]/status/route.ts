import { z } from 'zod';
import { json, route } from '@/lib/api/route';
import { writeContext } from '@/lib/api/write-context';
import { publishRunEvent } from '@/lib/live';
import { setRunStatus } from '@/lib/runs';

/** `{ status: "aborted" | "rolled_back", reason }`. */
export const POST = route<{ id: string }>('/api/v1/runs/:id/status', ['engineer'], async (ctx) => {
  const body = await ctx.body(z.record(z.string(), z.unknown()));
  const {
    event,
    replayed: _,
    ...result
  } = await setRunStatus(ctx.deps.db, writeContext(ctx), ctx.params.id, body as never);
  await publishRunEvent(event);
  return json(result);
});
