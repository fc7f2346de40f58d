import { z } from 'zod';
import { json, route } from '@/lib/api/route';
import { writeContext } from '@/lib/api/write-context';
import { publishRunEvent } from '@/lib/live';
import { setItemNote, setItemState } from '@/lib/runs';

/** `{ state, note?, expectedVersion? }` changes the state; `{ note }` alone edits the note. */
export const PATCH = route<{ id: string; itemId: string }>(
  '/api/v1/runs/:id/items/:itemId',
  ['engineer'],
  async (ctx) => {
    const body = await ctx.body(z.record(z.string(), z.unknown()));
    const { id, itemId } = ctx.params;
    const result =
      'state' in body
        ? await setItemState(ctx.deps.db, writeContext(ctx), id, itemId, body as never)
        : await setItemNote(ctx.deps.db, writeContext(ctx), id, itemId, body as never);
    await publishRunEvent(result.event);
    return json(result.item);
  },
);
