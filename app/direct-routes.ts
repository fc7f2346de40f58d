import 'server-only';
import { PATCH as patchItem } from '@/app/api/v1/runs/[id]/items/[itemId]/route';
import { type DirectServer, directServer } from '@/lib/api/direct-routes';
import { env } from '@/lib/config/env';

const g = globalThis as unknown as { __liftoffDirect?: DirectServer };

/** Routes served straight from the socket: ticks, the write engineers make most (issue 14). */
export function installDirectRoutes() {
  if (!env().LIFTOFF_DIRECT_ROUTES) return;
  g.__liftoffDirect = directServer([
    { method: 'PATCH', path: '/api/v1/runs/:id/items/:itemId', handler: patchItem },
  ]);
}
