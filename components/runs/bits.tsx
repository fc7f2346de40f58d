import { Badge, type Tone } from '@/components/ui/Badge';
import type { Progress, RunStatus } from '@/lib/runs/types';

const STATUS: Record<RunStatus, { label: string; tone: Tone }> = {
  not_started: { label: 'Not started', tone: 'neutral' },
  in_progress: { label: 'In progress', tone: 'info' },
  completed: { label: 'Completed', tone: 'warn' },
  verified: { label: 'Verified', tone: 'ok' },
  aborted: { label: 'Aborted', tone: 'bad' },
  rolled_back: { label: 'Rolled back', tone: 'bad' },
};

export function StatusBadge({ status }: { status: RunStatus }) {
  const s = STATUS[status];
  return (
    <Badge tone={s.tone} className="whitespace-nowrap">
      <span data-testid="run-status">{s.label}</span>
    </Badge>
  );
}

export function ProgressBar({ progress, label }: { progress: Progress; label: string }) {
  const pct = progress.total ? Math.round((progress.done / progress.total) * 100) : 0;
  return (
    <div className="flex items-center gap-2">
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={progress.total}
        aria-valuenow={progress.done}
        aria-valuetext={`${progress.done} of ${progress.total}`}
        className="h-2 flex-1 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800"
      >
        <div className="h-full rounded-full bg-emerald-500 transition-[width]" style={{ width: `${pct}%` }} />
      </div>
      <span className="w-20 text-right text-xs tabular-nums text-slate-600 dark:text-slate-400">
        {progress.done}/{progress.total}
      </span>
    </div>
  );
}

export const when = (iso?: string) => (iso ? new Date(iso).toISOString().slice(0, 16).replace('T', ' ') : '');
