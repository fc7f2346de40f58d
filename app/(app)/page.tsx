import type { Metadata } from 'next';
import Link from 'next/link';
import { ProgressBar } from '@/components/runs/ProgressBar';
import { FiringBadge, StatusBadge } from '@/components/runs/StatusBadge';
import { PageHeader } from '@/components/shell/AppShell';
import { Badge, type Tone } from '@/components/ui/Badge';
import { Card, EmptyState } from '@/components/ui/Card';
import { when } from '@/components/ui/when';
import { overviewData } from '@/lib/pages/data';
import type { RunSummary } from '@/lib/runs';

export const metadata: Metadata = { title: 'Overview' };

const TONE: Record<string, Tone> = { healthy: 'ok', degraded: 'warn', unhealthy: 'bad' };
const FINISHED = new Set(['completed', 'verified', 'aborted', 'rolled_back']);

function RunLine({ run }: { run: RunSummary }) {
  return (
    <li className="grid gap-2 py-2.5 sm:grid-cols-[1fr_12rem] sm:items-center">
      <div className="min-w-0">
        <Link
          href={`/runs/${run.id}`}
          className="font-medium text-brand-600 hover:underline dark:text-brand-100"
        >
          {run.title}
        </Link>{' '}
        <StatusBadge status={run.status} />
        <FiringBadge firing={run.firing} />
        <p className="truncate text-xs text-muted">
          {run.environment}
          {run.releaseVersion ? ` · ${run.releaseVersion}` : ''} · {run.templateName} · sign-off{' '}
          {run.signoffs.signed}/{run.signoffs.total}
          {run.endedAt ? ` · ended ${when(run.endedAt)} UTC` : ''}
        </p>
      </div>
      <ProgressBar progress={run.progress} label={`${run.title} progress`} />
    </li>
  );
}

export default async function OverviewPage() {
  const { envs, runs, health } = await overviewData();
  // A run whose rollback trigger is firing needs someone now: it comes first.
  const active = runs.filter((r) => !FINISHED.has(r.status)).sort((a, b) => b.firing - a.firing);
  const finished = runs.filter((r) => FINISHED.has(r.status)).slice(0, 8);
  return (
    <>
      <PageHeader
        title="Overview"
        description="Runs in progress, recent sign-offs and the health of each environment."
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <Card title={`Runs in progress${active.length ? ` · ${active.length}` : ''}`}>
            {active.length ? (
              <ul className="divide-y divide-slate-200 dark:divide-slate-800">
                {active.slice(0, 10).map((r) => (
                  <RunLine key={r.id} run={r} />
                ))}
              </ul>
            ) : (
              <EmptyState title="No runs in progress">
                Start one from a{' '}
                <Link href="/templates" className="text-brand-600 underline">
                  template
                </Link>
                .
              </EmptyState>
            )}
          </Card>
          <Card title="Recently finished">
            {finished.length ? (
              <ul className="divide-y divide-slate-200 dark:divide-slate-800">
                {finished.map((r) => (
                  <RunLine key={r.id} run={r} />
                ))}
              </ul>
            ) : (
              <EmptyState title="Nothing finished yet">
                Completed runs show here with their sign-off state.
              </EmptyState>
            )}
          </Card>
        </div>
        <Card title="Health">
          <ul className="space-y-3">
            {envs.map((environment, i) => {
              const h = health[i];
              return (
                <li key={environment} data-testid={`health-tile-${environment}`}>
                  <Link
                    href={`/health?environment=${encodeURIComponent(environment)}`}
                    className="block rounded-lg border border-slate-200 p-3 hover:bg-slate-50 dark:border-slate-800 dark:hover:bg-slate-800/50"
                  >
                    <div className="flex items-center justify-between">
                      <span className="font-medium">{environment}</span>
                      {h ? (
                        <Badge tone={TONE[h.status]}>{h.status}</Badge>
                      ) : (
                        <Badge tone="bad">unavailable</Badge>
                      )}
                    </div>
                    {h?.reasons.length ? (
                      <p className="mt-1 truncate text-xs text-muted">{h.reasons[0]}</p>
                    ) : null}
                    {h ? (
                      <p className="mt-1 text-xs text-muted">
                        {h.targets.length} targets
                        {h.cache.hitRate !== null ? ` · hit rate ${(h.cache.hitRate * 100).toFixed(1)}%` : ''}
                      </p>
                    ) : null}
                  </Link>
                </li>
              );
            })}
          </ul>
        </Card>
      </div>
    </>
  );
}
