import { json, route } from '@/lib/api/route';
import { writeContext } from '@/lib/api/write-context';
import { runStatusInput, setRunStatus } from '@/lib/runs';

/** `{ status: "aborted" | "rolled_back", reason }`. */
export const POST = route<{ id: string }>('/api/v1/runs/:id/status', ['engineer'], async (ctx) => {
  const body = await ctx.body(runStatusInput);
  const {
    event: _,
    replayed: __,
    ...result
  } = await setRunStatus(ctx.deps.db, writeContext(ctx), ctx.params.id, body);
  return json(result);
});
