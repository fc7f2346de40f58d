/** The health overview as the page reads it from GET /api/v1/health/overview. */
export type HealthStatus = 'healthy' | 'degraded' | 'unhealthy';

export interface InstanceView {
  name: string;
  url?: string;
  status: 'up' | 'down';
  latencyMs: number | null;
  lastError?: string;
  sparkline: number[];
}

export interface TargetView {
  name: string;
  kind: string;
  status: string;
  latencyMs: number | null;
  lastError?: string;
  instances?: InstanceView[];
}

export interface OverviewView {
  environment: string;
  environments: string[];
  status: HealthStatus;
  reasons: string[];
  targets: TargetView[];
  cache: { hitRate: number | null };
  thresholds?: { latencyTargetMs: number; hitRateTarget: number };
  series?: {
    hitRate: { t: string | number; value: number | null }[];
    latency: { t: string | number; p50: number | null; p95: number | null; p99: number | null }[];
  };
  panels?: { redis?: Record<string, unknown> | null; postgres?: Record<string, unknown> | null };
  generatedAt?: string;
}

/** Chart time ranges; the chosen one is kept in the URL. */
export const RANGES = ['15m', '1h', '24h', '7d'] as const;
