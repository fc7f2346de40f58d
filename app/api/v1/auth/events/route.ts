import { z } from 'zod';
import { json, route } from '@/lib/api/route';
import { listAuthEvents } from '@/lib/auth/oidc/events';
import { parseWith } from '@/lib/core/validate';

const Query = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });

/** The sign-in trail (provisioning, linking, refusals), newest first. */
export const GET = route('/api/v1/auth/events', ['admin'], async ({ req, deps }) => {
  const { limit } = parseWith(Query, Object.fromEntries(req.nextUrl.searchParams));
  return json({ events: await listAuthEvents(deps.db, limit) });
});
