import { json, route } from '@/lib/api/route';
import { writeContext } from '@/lib/api/write-context';
import { acknowledgeTrigger, ackTriggerInput } from '@/lib/runs';

/** `{ note, silenceFor }`: silences a firing trigger for a while, with a note. */
export const POST = route<{ id: string; triggerId: string }>(
  '/api/v1/runs/:id/triggers/:triggerId/ack',
  ['engineer'],
  async (ctx) => {
    const body = await ctx.body(ackTriggerInput);
    const {
      event: _,
      replayed: __,
      ...result
    } = await acknowledgeTrigger(ctx.deps.db, writeContext(ctx), ctx.params.id, ctx.params.triggerId, body);
    return json(result);
  },
);
