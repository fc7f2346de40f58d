import { route } from '@/lib/api/route';
import { runSnapshot } from '@/lib/runs';

/** The full run; composed once per change (see lib/runs/snapshot-cache.ts), revalidated with ETag. */
export const GET = route<{ id: string }>('/api/v1/runs/:id', 'user', async ({ req, deps, params }) => {
  const { body, etag } = await runSnapshot(deps.db, params.id);
  const headers = { etag, 'cache-control': 'private, no-cache' };
  if (req.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers });
  return new Response(body, { headers: { ...headers, 'content-type': 'application/json' } });
});
