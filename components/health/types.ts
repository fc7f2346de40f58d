/** The health overview as GET /api/v1/health/overview returns it (types only: nothing server-side is bundled). */
export type { HealthOverview as OverviewView } from '@/lib/monitor/overview';
export type { PostgresPanel, RedisPanel } from '@/lib/probes';

/** Chart time ranges; the chosen one is kept in the URL. */
export const RANGES = ['15m', '1h', '24h', '7d'] as const;
