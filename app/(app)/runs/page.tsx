import type { Metadata } from 'next';
import Link from 'next/link';
import { ProgressBar } from '@/components/runs/ProgressBar';
import { StatusBadge } from '@/components/runs/StatusBadge';
import { PageHeader } from '@/components/shell/AppShell';
import { Card, EmptyState } from '@/components/ui/Card';
import { inputClass } from '@/components/ui/Input';
import { when } from '@/components/ui/when';
import { runsPageData } from '@/lib/pages/data';
import { RUN_STATUSES, type RunStatus } from '@/lib/runs';

export const metadata: Metadata = { title: 'Runs' };

const LABEL: Record<RunStatus, string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  completed: 'Completed',
  verified: 'Verified',
  aborted: 'Aborted',
  rolled_back: 'Rolled back',
};

export default async function RunsPage({
  searchParams,
}: {
  searchParams: Promise<{ status?: string; environment?: string }>;
}) {
  const { status, environment, runs, environments } = await runsPageData(await searchParams);
  return (
    <>
      <PageHeader title="Runs" description="Every execution of a checklist. Start one from a template." />
      <Card>
        <form className="mb-4 flex flex-wrap items-end gap-3" action="/runs" aria-label="Filter runs">
          <label className="text-sm">
            <span className="mb-1 block font-medium">Status</span>
            <select name="status" defaultValue={status ?? ''} className={inputClass}>
              <option value="">Any</option>
              {RUN_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {LABEL[s]}
                </option>
              ))}
            </select>
          </label>
          <label className="text-sm">
            <span className="mb-1 block font-medium">Environment</span>
            <select name="environment" defaultValue={environment ?? ''} className={inputClass}>
              <option value="">Any</option>
              {environments.map((e) => (
                <option key={e}>{e}</option>
              ))}
            </select>
          </label>
          <button
            type="submit"
            className="rounded-md border border-slate-300 px-3 py-2 text-sm dark:border-slate-700"
          >
            Filter
          </button>
        </form>
        {runs.length === 0 ? (
          <EmptyState title={status || environment ? 'No run matches these filters' : 'No runs yet'}>
            {status || environment ? (
              <Link href="/runs" className="text-brand-600 underline">
                Clear the filters
              </Link>
            ) : (
              <>
                Open a{' '}
                <Link href="/templates" className="text-brand-600 underline">
                  template
                </Link>{' '}
                and start a run.
              </>
            )}
          </EmptyState>
        ) : (
          <ul className="divide-y divide-slate-200 dark:divide-slate-800">
            {runs.map((r) => (
              <li
                key={r.id}
                className="grid gap-2 py-3 sm:grid-cols-[1fr_14rem] sm:items-center"
                data-testid="run-row"
              >
                <div>
                  <Link
                    href={`/runs/${r.id}`}
                    className="font-medium text-brand-600 hover:underline dark:text-brand-100"
                  >
                    {r.title}
                  </Link>{' '}
                  <StatusBadge status={r.status} />
                  <p className="text-xs text-muted">
                    {r.environment}
                    {r.releaseVersion ? ` · ${r.releaseVersion}` : ''} · {r.templateName} v{r.templateVersion}{' '}
                    · started {when(r.createdAt)} UTC · sign-off {r.signoffs.signed}/{r.signoffs.total}
                  </p>
                </div>
                <ProgressBar progress={r.progress} label={`${r.title} progress`} />
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}
