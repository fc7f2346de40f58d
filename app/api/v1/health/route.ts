import { observeRequest } from '@/lib/api/route';
import { checkHealth } from '@/lib/health/check';

export const dynamic = 'force-dynamic';

/**
 * Public, and deliberately outside the route wrapper: the wrapper opens the database first,
 * and this endpoint must answer (503, `postgres: error`) exactly when the database cannot.
 */
export async function GET(req: Request) {
  const start = performance.now();
  const health = await checkHealth();
  const status = health.status === 'error' ? 503 : 200;
  observeRequest('/api/v1/health', req.method, status, start);
  return Response.json(health, { status, headers: { 'cache-control': 'no-store' } });
}
