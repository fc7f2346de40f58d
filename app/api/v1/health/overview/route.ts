import { json, route } from '@/lib/api/route';
import { environmentNames, targetsConfig } from '@/lib/config/targets';
import { healthOverview } from '@/lib/monitor';

export const dynamic = 'force-dynamic';

/**
 * `?environment=E&range=15m|1h|24h|7d` → the health page's data. Without `environment`, the
 * first configured one; without `range`, 1h. 404 for an unknown environment, 400 for a bad range.
 */
export const GET = route('/api/v1/health/overview', 'user', async ({ req, deps }) => {
  const params = req.nextUrl.searchParams;
  const config = targetsConfig();
  const environment = params.get('environment') ?? environmentNames(config)[0] ?? '';
  const overview = await healthOverview({ environment, range: params.get('range') }, { db: deps.db, config });
  return json(overview, 200, { 'cache-control': 'no-store' });
});
