import { json, route } from '@/lib/api/route';
import { writeContext } from '@/lib/api/write-context';
import { startStage, startStageInput } from '@/lib/runs';

/** `{ force?, reason? }`: starts a stage once its gate passes (admins may force it, with a reason). */
export const POST = route<{ id: string; stageId: string }>(
  '/api/v1/runs/:id/stages/:stageId/start',
  ['engineer'],
  async (ctx) => {
    const body = await ctx.body(startStageInput);
    const result = await startStage(ctx.deps.db, writeContext(ctx), ctx.params.id, ctx.params.stageId, body);
    return json(result.stage);
  },
);
