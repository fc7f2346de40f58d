import { cx } from '@/components/ui/cx';
import { when } from '@/components/ui/when';
import type { OccurrenceView, RecurringView } from '@/lib/runs/types';

const COLOR: Record<OccurrenceView['state'], string> = {
  done: 'bg-emerald-500',
  skipped: 'bg-amber-400',
  failed: 'bg-red-500',
  missed: 'bg-red-200 dark:bg-red-900',
  open: 'bg-slate-300 dark:bg-slate-600',
};

/** A recurring item's periods: past ones done or missed, then the current one. */
export function RecurringStrip({ recurring }: { recurring: RecurringView }) {
  const periods = [...recurring.past, ...(recurring.current ? [recurring.current] : [])];
  const missed = recurring.past.filter((o) => o.state === 'missed').length;
  return (
    <div className="mt-1 flex items-center gap-2 text-xs text-muted" data-testid="recurring-strip">
      <span>every {recurring.every}</span>
      {periods.length ? (
        <ol
          className="flex gap-0.5"
          aria-label={`Periods: ${missed} missed of ${recurring.past.length} past`}
        >
          {periods.map((o) => (
            <li
              key={o.periodStart}
              title={`${when(o.periodStart)} UTC: ${o.state}${o.by ? ` by ${o.by.name}` : ''}`}
              className={cx(
                'h-3 w-3 rounded-sm',
                COLOR[o.state],
                o === recurring.current && 'ring-1 ring-slate-500',
              )}
            >
              <span className="sr-only">
                {when(o.periodStart)}: {o.state}
              </span>
            </li>
          ))}
        </ol>
      ) : (
        <span>starts with its stage</span>
      )}
      {missed ? <span className="text-red-700 dark:text-red-400">{missed} missed</span> : null}
    </div>
  );
}
