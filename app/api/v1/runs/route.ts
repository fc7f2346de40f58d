import { z } from 'zod';
import { json, route } from '@/lib/api/route';
import { writeContext } from '@/lib/api/write-context';
import { parseWith } from '@/lib/core/validate';
import { createRun, createRunInput, getRun, listRuns, RUN_STATUSES } from '@/lib/runs';

const Filters = z.object({
  status: z.enum(RUN_STATUSES, { message: `must be one of ${RUN_STATUSES.join(', ')}` }).optional(),
  environment: z.string().trim().min(1).max(100).optional(),
});

export const GET = route('/api/v1/runs', 'user', async ({ req, deps }) => {
  const filters = parseWith(Filters, Object.fromEntries(req.nextUrl.searchParams));
  return json({ runs: await listRuns(deps.db, filters) });
});

/** `{ templateId, title, environment?, version? }` → 201 with the run. */
export const POST = route('/api/v1/runs', ['engineer'], async (ctx) => {
  const body = await ctx.body(createRunInput);
  const result = await createRun(ctx.deps.db, writeContext(ctx), body);
  return json(await getRun(ctx.deps.db, result.run.id), result.replayed ? 200 : 201);
});
