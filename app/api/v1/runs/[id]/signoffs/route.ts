import { json, route } from '@/lib/api/route';
import { writeContext } from '@/lib/api/write-context';
import { signInput, signRun } from '@/lib/runs';

/** `{ role, comment? }` → 201. The signer is always the caller; roles are checked in lib/runs. */
export const POST = route<{ id: string }>('/api/v1/runs/:id/signoffs', 'user', async (ctx) => {
  const body = await ctx.body(signInput);
  const result = await signRun(ctx.deps.db, writeContext(ctx), ctx.params.id, body);
  return json(result.signoff, result.replayed ? 200 : 201);
});
