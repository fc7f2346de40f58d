import { cx } from '@/components/ui/cx';

const RUN_TABS = ['checklist', 'activity'] as const;
export type RunTab = (typeof RUN_TABS)[number];

/** Checklist | Activity. */
export function RunTabs({ tab, onChange }: { tab: RunTab; onChange: (tab: RunTab) => void }) {
  return (
    <div
      role="tablist"
      aria-label="Run views"
      className="mb-4 flex gap-1 border-b border-slate-200 dark:border-slate-800"
    >
      {RUN_TABS.map((t) => (
        <button
          key={t}
          type="button"
          role="tab"
          aria-selected={tab === t}
          onClick={() => onChange(t)}
          className={cx(
            '-mb-px border-b-2 px-3 py-1.5 text-sm capitalize',
            tab === t ? 'border-brand-600 font-medium' : 'border-transparent text-muted',
          )}
        >
          {t}
        </button>
      ))}
    </div>
  );
}
