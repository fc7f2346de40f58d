import { json, route } from '@/lib/api/route';
import { markRead, markReadInput } from '@/lib/notify';

/** `{ ids: [..] }` or `{ all: true }`: marks the caller's notifications read. */
export const POST = route('/api/v1/notifications/read', 'user', async (ctx) => {
  const body = await ctx.body(markReadInput);
  return json({ updated: await markRead(ctx.deps.db, ctx.principal.userId, body) });
});
