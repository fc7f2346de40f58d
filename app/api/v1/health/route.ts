import { json, route } from '@/lib/api/route';
import { checkHealth } from '@/lib/health/check';

export const dynamic = 'force-dynamic';

export const GET = route('/api/v1/health', 'public', async () => {
  const health = await checkHealth();
  return json(health, health.status === 'error' ? 503 : 200, { 'cache-control': 'no-store' });
});
