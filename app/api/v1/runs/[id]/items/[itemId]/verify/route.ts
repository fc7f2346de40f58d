import { json, route } from '@/lib/api/route';
import { writeContext } from '@/lib/api/write-context';
import { verifyItem } from '@/lib/verify/verify-item';

/** The Verify button: runs the item's bound check and records the evidence. */
export const POST = route<{ id: string; itemId: string }>(
  '/api/v1/runs/:id/items/:itemId/verify',
  ['engineer'],
  async (ctx) => {
    const result = await verifyItem(ctx.deps.db, writeContext(ctx), ctx.params.id, ctx.params.itemId);
    return json(result.item);
  },
);
