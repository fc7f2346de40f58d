import { Badge, type Tone } from '@/components/ui/Badge';
import type { Health } from '@/lib/health/check';

const tone: Record<string, Tone> = { ok: 'ok', degraded: 'warn', error: 'bad', disabled: 'neutral' };
const label: Record<string, string> = {
  ok: 'Healthy',
  degraded: 'Degraded',
  error: 'Unhealthy',
  disabled: 'Not configured',
};

/** Liftoff's own dependencies, measured now. */
export function HealthTile({ health, name = 'local' }: { health: Health; name?: string }) {
  const deps = Object.entries(health.dependencies);
  return (
    <div
      className="rounded-lg border border-slate-200 p-4 dark:border-slate-800"
      data-testid={`health-tile-${name}`}
    >
      <div className="flex items-center justify-between">
        <h3 className="font-medium">{name}</h3>
        <Badge tone={tone[health.status]}>{label[health.status]}</Badge>
      </div>
      <dl className="mt-3 space-y-1 text-sm">
        {deps.map(([dep, d]) => (
          <div key={dep} className="flex justify-between">
            <dt className="capitalize text-slate-600 dark:text-slate-400">
              {dep === 'postgres' ? 'PostgreSQL' : 'Redis'}
            </dt>
            <dd>
              {d.status === 'disabled' ? (
                <span className="text-slate-500">not configured</span>
              ) : (
                <>
                  <Badge tone={tone[d.status]}>{d.status}</Badge>{' '}
                  <span className="tabular-nums text-slate-500">{d.latencyMs} ms</span>
                </>
              )}
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
