import { json, route } from '@/lib/api/route';
import { publicTargets, targetsConfig } from '@/lib/config/targets';

export const dynamic = 'force-dynamic';

/** The targets configuration with every address masked: admins only. */
export const GET = route('/api/v1/targets', ['admin'], async () =>
  json(publicTargets(targetsConfig()), 200, { 'cache-control': 'no-store' }),
);
