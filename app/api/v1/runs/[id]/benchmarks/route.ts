import { z } from 'zod';
import { json, route } from '@/lib/api/route';
import { writeContext } from '@/lib/api/write-context';
import { publishRunEvent } from '@/lib/live';
import { benchmarkRun } from '@/lib/verify/benchmark';

/** `{ itemId, phase: "baseline" | "after", requests? }`: N probes of the item's check, figures into the run's fields. */
export const POST = route<{ id: string }>('/api/v1/runs/:id/benchmarks', ['engineer'], async (ctx) => {
  const body = await ctx.body(z.record(z.string(), z.unknown()));
  const { events, ...result } = await benchmarkRun(ctx.deps.db, writeContext(ctx), ctx.params.id, body);
  for (const e of events) await publishRunEvent(e);
  return json(result);
});
