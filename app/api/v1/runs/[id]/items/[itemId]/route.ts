import { json, route } from '@/lib/api/route';
import { writeContext } from '@/lib/api/write-context';
import { itemPatchInput, patchItem } from '@/lib/runs';

/** `{ state, note?, expectedVersion? }` changes the state; `{ note }` alone edits the note. */
export const PATCH = route<{ id: string; itemId: string }>(
  '/api/v1/runs/:id/items/:itemId',
  ['engineer'],
  async (ctx) => {
    const patch = await ctx.body(itemPatchInput);
    const result = await patchItem(ctx.deps.db, writeContext(ctx), ctx.params.id, ctx.params.itemId, patch);
    return json(result.item);
  },
);
