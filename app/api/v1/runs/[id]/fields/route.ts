import { z } from 'zod';
import { json, route } from '@/lib/api/route';
import { writeContext } from '@/lib/api/write-context';
import { LiftoffError } from '@/lib/core/errors';
import { publishRunEvent } from '@/lib/live';
import { getRun, setField } from '@/lib/runs';

const Body = z
  .record(z.string(), z.unknown())
  .refine((b) => Object.keys(b).length > 0, 'send at least one field');

/**
 * `{ "<key>": value, ... }`. Each field is its own audited change; an `If-Match: <run version>`
 * header guards the first against a stale view.
 */
export const PATCH = route<{ id: string }>('/api/v1/runs/:id/fields', ['engineer'], async (ctx) => {
  const body = await ctx.body(Body);
  const ifMatch = ctx.req.headers.get('if-match');
  const expected = ifMatch ? Number(ifMatch.replace(/"/g, '')) : undefined;
  if (ifMatch && !Number.isInteger(expected))
    throw new LiftoffError('bad_request', 'If-Match must be the run version number.');
  const base = writeContext(ctx);
  let first = true;
  for (const [key, value] of Object.entries(body)) {
    const keyed = base.idempotencyKey ? { ...base, idempotencyKey: `${base.idempotencyKey}:${key}` } : base;
    const result = await setField(ctx.deps.db, keyed, ctx.params.id, key, {
      value,
      ...(first && expected !== undefined ? { expectedVersion: expected } : {}),
    } as never);
    first = false;
    await publishRunEvent(result.event);
  }
  const run = await getRun(ctx.deps.db, ctx.params.id);
  return json({ fields: run.fields, version: run.version });
});
