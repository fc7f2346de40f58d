import { ifMatchVersion } from '@/lib/api/input';
import { json, route } from '@/lib/api/route';
import { writeContext } from '@/lib/api/write-context';
import { fieldsPatchInput, setFields } from '@/lib/runs';

/**
 * `{ "<key>": value, ... }`. Each field is its own audited change; an `If-Match: <run version>`
 * header guards the first against a stale view.
 */
export const PATCH = route<{ id: string }>('/api/v1/runs/:id/fields', ['engineer'], async (ctx) => {
  const body = await ctx.body(fieldsPatchInput);
  return json(await setFields(ctx.deps.db, writeContext(ctx), ctx.params.id, body, ifMatchVersion(ctx.req)));
});
