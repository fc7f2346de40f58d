import { json, route } from '@/lib/api/route';
import { writeContext } from '@/lib/api/write-context';
import { benchmarkInput, benchmarkRun } from '@/lib/verify/benchmark';

/** `{ itemId, phase: "baseline" | "after", requests? }`: N probes of the item's check, figures into the run's fields. */
export const POST = route<{ id: string }>('/api/v1/runs/:id/benchmarks', ['engineer'], async (ctx) => {
  const body = await ctx.body(benchmarkInput);
  const { events: _, ...result } = await benchmarkRun(ctx.deps.db, writeContext(ctx), ctx.params.id, body);
  return json(result);
});
