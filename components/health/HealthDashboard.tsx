'use client';

import { useQuery } from '@tanstack/react-query';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { Alert } from '@/components/ui/Alert';
import { Badge, type Tone } from '@/components/ui/Badge';
import { Card, EmptyState } from '@/components/ui/Card';
import { cx } from '@/components/ui/cx';
import { formatBytes, formatDuration } from '@/lib/checks/units';
import { api } from '@/lib/client/api';
import { healthKeys } from '@/lib/client/query-keys';
import { HitRateChart, LatencyChart } from './Charts';
import { Sparkline } from './Sparkline';
import { type OverviewView, type PostgresPanel, RANGES, type RedisPanel } from './types';

const TONE: Record<string, Tone> = {
  healthy: 'ok',
  up: 'ok',
  ok: 'ok',
  degraded: 'warn',
  unknown: 'warn',
  unhealthy: 'bad',
  down: 'bad',
  error: 'bad',
};
const pct = (v: unknown) => (typeof v === 'number' ? `${(v * 100).toFixed(1)}%` : '—');
const ms = (v: number | null | undefined) =>
  typeof v === 'number' ? `${v < 10 ? v.toFixed(2) : Math.round(v)} ms` : '—';

function Panel({ title, rows }: { title: string; rows: [string, unknown][] }) {
  return (
    <Card title={title}>
      <dl className="grid grid-cols-2 gap-x-4 gap-y-2 text-sm">
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt className="text-xs text-muted">{k}</dt>
            <dd className="font-medium tabular-nums">
              {v === null || v === undefined || v === '' ? '—' : String(v)}
            </dd>
          </div>
        ))}
      </dl>
    </Card>
  );
}

const bytes = (v: number | null | undefined) => (typeof v === 'number' ? formatBytes(v) : null);
const duration = (s: number | null) => (s === null ? null : formatDuration(s * 1000, 0));

function redisRows(p: RedisPanel): [string, unknown][] {
  return [
    ['Version', p.version],
    ['Uptime', duration(p.uptimeSeconds)],
    ['Memory used', bytes(p.usedMemoryBytes)],
    ['Memory max', p.maxMemoryBytes ? bytes(p.maxMemoryBytes) : 'no limit'],
    ['Eviction policy', p.maxMemoryPolicy],
    ['Evicted keys', p.evictedKeys],
    ['Clients', p.connectedClients],
    ['Ops/s', p.opsPerSec],
    ['AOF', p.aofEnabled === null ? null : p.aofEnabled ? 'on' : 'off'],
    ['Hit rate', pct(p.hitRate?.hitRate)],
  ];
}

function postgresRows(p: PostgresPanel): [string, unknown][] {
  return [
    ['Version', p.version],
    ['Connections', `${p.connections.inUse} / ${p.connections.max}`],
    ['Size', bytes(p.sizeBytes)],
    ['Cache hit ratio', pct(p.cacheHitRatio)],
    ['Extensions', p.extensions.map((e) => `${e.name} ${e.version}`).join(', ') || 'none'],
    ['Store', p.embedded ? 'embedded (PGlite)' : 'PostgreSQL server'],
  ];
}

type PanelOf<T> =
  | { ok: true; panel: T; target: string }
  | { ok: false; error: string; target: string }
  | null;

function LivePanel<T>({
  title,
  panel,
  rows,
}: {
  title: string;
  panel: PanelOf<T>;
  rows: (p: T) => [string, unknown][];
}) {
  if (!panel) return null;
  if (!panel.ok) {
    return (
      <Card title={`${title} · ${panel.target}`}>
        <Alert>{panel.error}</Alert>
      </Card>
    );
  }
  return <Panel title={`${title} · ${panel.target}`} rows={rows(panel.panel)} />;
}

type TargetView = OverviewView['targets'][number];

function TargetTile({ t }: { t: TargetView }) {
  if (t.instances?.length) {
    return (
      <>
        {t.instances.map((i) => (
          <div
            key={`${t.name}/${i.name}`}
            className="rounded-lg border border-slate-200 p-3 dark:border-slate-800"
            data-testid={`instance-${i.name}`}
          >
            <div className="flex items-center justify-between gap-2">
              <p className="truncate text-sm font-medium" title={i.url}>
                {i.name} <span className="text-xs font-normal text-muted">{t.name}</span>
              </p>
              <Badge tone={TONE[i.status]}>{i.status}</Badge>
            </div>
            <p className="text-xs tabular-nums text-muted">{ms(i.latencyMs)}</p>
            <Sparkline values={i.sparkline} label={`${i.name} latency`} />
            {i.lastError ? (
              <p className="truncate text-xs text-red-700 dark:text-red-400" title={i.lastError}>
                {i.lastError}
              </p>
            ) : null}
          </div>
        ))}
      </>
    );
  }
  return (
    <div
      className="rounded-lg border border-slate-200 p-3 dark:border-slate-800"
      data-testid={`target-${t.name}`}
    >
      <div className="flex items-center justify-between gap-2">
        <p className="text-sm font-medium">{t.name}</p>
        <Badge tone={TONE[t.status] ?? 'neutral'}>{t.status}</Badge>
      </div>
      <p className="text-xs tabular-nums text-muted">{ms(t.latencyMs)}</p>
      {t.lastError ? (
        <p className="truncate text-xs text-red-700 dark:text-red-400" title={t.lastError}>
          {t.lastError}
        </p>
      ) : null}
    </div>
  );
}

/** The on-call view: status with reasons, instances, Redis and PostgreSQL, charts; refreshed every 5 s. */
export function HealthDashboard({ environment, range }: { environment: string; range: string }) {
  const router = useRouter();
  const path = usePathname();
  const params = useSearchParams();
  const q = useQuery({
    queryKey: healthKeys.overview(environment, range),
    queryFn: ({ signal }) =>
      api<OverviewView>(
        `/api/v1/health/overview?environment=${encodeURIComponent(environment)}&range=${range}`,
        { signal },
      ),
    refetchInterval: 5_000,
    placeholderData: (prev) => prev,
  });
  const go = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    next.set(key, value);
    router.replace(`${path}?${next.toString()}`, { scroll: false });
  };
  const o = q.data;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-3">
        <label className="text-sm">
          <span className="mr-2 font-medium">Environment</span>
          <select
            value={environment}
            onChange={(e) => go('environment', e.target.value)}
            className="rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900"
          >
            {(o?.environments ?? [environment]).map((e) => (
              <option key={e}>{e}</option>
            ))}
          </select>
        </label>
        <fieldset className="flex gap-1" aria-label="Time range">
          {RANGES.map((r) => (
            <button
              key={r}
              type="button"
              aria-pressed={r === range}
              onClick={() => go('range', r)}
              className={cx(
                'rounded-md px-2.5 py-1 text-sm',
                r === range
                  ? 'bg-slate-900 text-white dark:bg-slate-100 dark:text-slate-900'
                  : 'bg-slate-200 dark:bg-slate-800',
              )}
            >
              {r}
            </button>
          ))}
        </fieldset>
        {q.isFetching ? <span className="text-xs text-muted">updating…</span> : null}
      </div>

      {q.error && !o ? <Alert>{q.error.message}</Alert> : null}
      {q.isPending ? <p className="text-sm text-muted">Measuring…</p> : null}
      {o ? (
        <>
          <section
            aria-label="Overall status"
            className={cx(
              'rounded-lg border p-4',
              o.status === 'healthy'
                ? 'border-emerald-300 bg-emerald-50 dark:border-emerald-800 dark:bg-emerald-950/30'
                : o.status === 'degraded'
                  ? 'border-amber-300 bg-amber-50 dark:border-amber-800 dark:bg-amber-950/30'
                  : 'border-red-300 bg-red-50 dark:border-red-800 dark:bg-red-950/30',
            )}
          >
            <p className="text-lg font-semibold capitalize" data-testid="overall-status">
              {o.status}
            </p>
            {o.reasons.length ? (
              <ul className="mt-1 list-disc pl-5 text-sm">
                {o.reasons.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            ) : (
              <p className="text-sm">Every target answers within its thresholds.</p>
            )}
          </section>

          <Card title="Instances and targets">
            {o.targets.length === 0 ? (
              <EmptyState title="No targets configured for this environment" />
            ) : (
              <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
                {o.targets.map((t) => (
                  <TargetTile key={t.name} t={t} />
                ))}
              </div>
            )}
          </Card>

          <div className="grid gap-6 lg:grid-cols-2">
            <Card
              title={`Cache hit rate${o.cache.target ? ` · ${o.cache.target}` : ''}${o.cache.hitRate === null ? '' : ` · now ${pct(o.cache.hitRate)}`}`}
            >
              {o.series.hitRate.some((p) => p.value !== null) ? (
                <HitRateChart data={o.series.hitRate} target={o.series.targets.hitRateTarget} />
              ) : (
                <EmptyState title="No cache traffic measured yet">
                  The hit rate appears once Redis serves reads.
                </EmptyState>
              )}
            </Card>
            <Card
              title={`Latency p50 / p95 / p99 (ms)${o.series.latencyTarget ? ` · ${o.series.latencyTarget}` : ''}`}
            >
              {o.series.latency.some((p) => p.p50 !== null) ? (
                <LatencyChart data={o.series.latency} target={o.series.targets.latencyTargetMs} />
              ) : (
                <EmptyState title="No samples yet">
                  Probes run every few seconds; the chart fills as they arrive.
                </EmptyState>
              )}
            </Card>
          </div>

          <div className="grid gap-6 lg:grid-cols-2">
            <LivePanel title="Redis" panel={o.panels.redis as PanelOf<RedisPanel>} rows={redisRows} />
            <LivePanel
              title="PostgreSQL"
              panel={o.panels.postgres as PanelOf<PostgresPanel>}
              rows={postgresRows}
            />
          </div>
        </>
      ) : null}
    </div>
  );
}
