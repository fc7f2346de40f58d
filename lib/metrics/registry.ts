import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

function build() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'liftoff_' });
  return {
    registry,
    httpDuration: new Histogram({
      name: 'liftoff_http_request_duration_seconds',
      help: 'HTTP request duration by route and status',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    sessionCache: new Counter({
      name: 'liftoff_session_cache_total',
      help: 'Session validations by cache result (hit, miss, bypass when Redis is unavailable)',
      labelNames: ['result'] as const,
      registers: [registry],
    }),
    loginFailures: new Counter({
      name: 'liftoff_login_failures_total',
      help: 'Failed logins by reason',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
  };
}

type Metrics = ReturnType<typeof build>;
const g = globalThis as unknown as { __liftoffMetrics?: Metrics };

/** One registry per process, shared by every bundle (Next compiles routes separately). */
export function metrics(): Metrics {
  g.__liftoffMetrics ??= build();
  return g.__liftoffMetrics;
}
