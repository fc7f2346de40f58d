import { json, route } from '@/lib/api/route';
import { writeContext } from '@/lib/api/write-context';
import { verifyAll } from '@/lib/verify/verify-all';

/** "Verify all": runs every open item's bound check (stage locks respected) and records each outcome. */
export const POST = route<{ id: string }>('/api/v1/runs/:id/verify', ['engineer'], async (ctx) =>
  json(await verifyAll(ctx.deps.db, writeContext(ctx), ctx.params.id)),
);
