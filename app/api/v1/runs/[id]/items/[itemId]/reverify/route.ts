import { json, route } from '@/lib/api/route';
import { writeContext } from '@/lib/api/write-context';
import { reverifyInput, setReverify } from '@/lib/verify/reverify';

/** `{ "every": "30s" }` re-runs the item's bound check while the run is open; `{ "every": null }` stops. */
export const PUT = route<{ id: string; itemId: string }>(
  '/api/v1/runs/:id/items/:itemId/reverify',
  ['engineer'],
  async (ctx) => {
    const body = await ctx.body(reverifyInput);
    const result = await setReverify(ctx.deps.db, writeContext(ctx), ctx.params.id, ctx.params.itemId, body);
    return json({ everyMs: result.everyMs });
  },
);
