import { cx } from '@/components/ui/cx';
import type { RunView } from '@/lib/runs/types';
import { FollowButton } from './FollowButton';
import { ProgressBar } from './ProgressBar';
import { RunActions } from './RunActions';
import { FiringBadge, StatusBadge } from './StatusBadge';
import type { Viewer } from './useRunLive';

/** Title, status and release, who else is viewing, the live dot, the report link, Follow, and the run's progress. */
export function RunHeader({
  run,
  viewers,
  connected,
  canEdit,
}: {
  run: RunView;
  viewers: Viewer[];
  connected: boolean;
  canEdit: boolean;
}) {
  return (
    <header className="mb-4 space-y-3">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">{run.title}</h1>
          <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-muted">
            <StatusBadge status={run.status} />
            <FiringBadge firing={run.firing} />
            <span>
              {run.environment}
              {run.releaseVersion ? ` · ${run.releaseVersion}` : ''} · {run.templateName} v
              {run.templateVersion}
            </span>
            {run.statusReason ? <span>· {run.statusReason}</span> : null}
          </p>
        </div>
        <div className="flex items-center gap-3">
          <Presence viewers={viewers} />
          <span
            className={cx('h-2 w-2 rounded-full', connected ? 'bg-emerald-500' : 'bg-amber-500')}
            title={connected ? 'Live' : 'Reconnecting…'}
            aria-label={connected ? 'Live' : 'Reconnecting'}
            role="img"
          />
          <a
            href={`/runs/${run.id}/report`}
            className="text-sm text-brand-600 hover:underline dark:text-brand-100"
          >
            Report
          </a>
          <FollowButton runId={run.id} />
          {canEdit ? <RunActions runId={run.id} /> : null}
        </div>
      </div>
      <ProgressBar progress={run.progress} label="Run progress" />
    </header>
  );
}

function Presence({ viewers }: { viewers: Viewer[] }) {
  return (
    <ul className="flex -space-x-2" aria-label="Who is viewing" data-testid="presence">
      {viewers.map((v) => (
        <li
          key={v.userId}
          title={v.name}
          className="grid h-8 w-8 place-items-center rounded-full border-2 border-white bg-brand-100 text-xs font-semibold text-brand-700 dark:border-slate-950"
        >
          {v.name.slice(0, 2).toUpperCase()}
          <span className="sr-only">{v.name}</span>
        </li>
      ))}
    </ul>
  );
}
