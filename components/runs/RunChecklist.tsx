'use client';

import { useMemo } from 'react';
import { cx } from '@/components/ui/cx';
import type { RecurringView, RunItemView, RunSectionView, RunView } from '@/lib/runs/types';
import { type ItemActions, ItemRow } from './ItemRow';
import type { ChecklistViewState, ItemFilter } from './useChecklistView';
import { VerifyAllButton } from './VerifyAllButton';

const FILTER_LABELS: Record<ItemFilter, string> = { all: 'All', open: 'Open only', mine: 'Mine' };

function depthOf(item: RunItemView, byId: Map<string, RunItemView>) {
  let d = 0;
  for (let p = item.parentId; p && d < 10; p = byId.get(p)?.parentId ?? null) d++;
  return d;
}

interface RowContext {
  view: ChecklistViewState;
  byId: Map<string, RunItemView>;
  recurring: Map<string, RecurringView>;
  canEdit: boolean;
  errors: Record<string, string>;
  pendingItemId: string | undefined;
  actions: ItemActions;
}

/** The checklist column: the filter, items outside any section, then each section, foldable. */
export function RunChecklist({
  run,
  view,
  canEdit,
  errors,
  pendingItemId,
  actions,
}: Omit<RowContext, 'byId' | 'recurring'> & { run: RunView }) {
  const byId = useMemo(() => new Map(run.items.map((i) => [i.id, i])), [run.items]);
  const recurring = useMemo(
    () => new Map(run.stages.flatMap((s) => s.recurring.map((r) => [r.itemId, r] as const))),
    [run.stages],
  );
  const rows: RowContext = { view, byId, recurring, canEdit, errors, pendingItemId, actions };
  const unsectioned = view.visible.filter((i) => i.sectionId === null);
  return (
    <div className="min-w-0 space-y-4">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span className="text-muted">Show</span>
        {(Object.keys(FILTER_LABELS) as ItemFilter[]).map((f) => (
          <button
            key={f}
            type="button"
            aria-pressed={view.filter === f}
            onClick={() => view.setFilter(f)}
            className={cx(
              'rounded-full px-2.5 py-0.5',
              view.filter === f
                ? 'bg-slate-900 text-white dark:bg-slate-100 dark:text-slate-900'
                : 'bg-slate-200 dark:bg-slate-800',
            )}
          >
            {FILTER_LABELS[f]}
          </button>
        ))}
        {canEdit ? <VerifyAllButton runId={run.id} items={run.items} /> : null}
        <span className="ml-auto hidden text-xs text-muted md:inline">
          Keys: <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>x</kbd> toggle · <kbd>n</kbd> note
        </span>
      </div>
      {unsectioned.length ? <ItemList items={unsectioned} {...rows} /> : null}
      {run.sections.map((s) => (
        <RunSection key={s.id} section={s} allItems={run.items} {...rows} />
      ))}
    </div>
  );
}

function RunSection({
  section: s,
  allItems,
  ...rows
}: RowContext & { section: RunSectionView; allItems: RunItemView[] }) {
  const hidden = rows.view.collapsed.has(s.id);
  const hasItems = allItems.some((i) => i.sectionId === s.id);
  if (!hasItems && !s.content.trim() && !s.code.length) return null;
  return (
    <section
      id={`section-${s.id}`}
      className={cx(
        'scroll-mt-24 rounded-lg border p-3',
        s.reference
          ? 'border-dashed border-amber-300 bg-amber-50/40 dark:border-amber-800 dark:bg-amber-950/20'
          : 'border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900',
      )}
    >
      <h2 className="flex items-center justify-between gap-2">
        <button
          type="button"
          aria-expanded={!hidden}
          onClick={() => rows.view.toggleSection(s.id)}
          className="text-left font-medium"
        >
          <span aria-hidden="true">{hidden ? '▸' : '▾'}</span> {s.title}{' '}
          {s.reference ? (
            <span className="text-xs font-normal text-amber-700 dark:text-amber-400">reference</span>
          ) : null}
        </button>
        {s.progress.total ? (
          <span className="text-xs tabular-nums text-muted">
            {s.progress.done}/{s.progress.total}
          </span>
        ) : null}
      </h2>
      {hidden ? null : (
        <div className="mt-2">
          <ItemList items={rows.view.visible.filter((i) => i.sectionId === s.id)} {...rows} />
        </div>
      )}
    </section>
  );
}

function ItemList({
  items,
  view,
  byId,
  recurring,
  canEdit,
  errors,
  pendingItemId,
  actions,
}: RowContext & { items: RunItemView[] }) {
  const focusedId = view.visible[view.focus]?.id;
  return (
    <ul className="space-y-0.5">
      {items.map((item) => (
        <ItemRow
          key={item.id}
          item={item}
          depth={depthOf(item, byId)}
          focused={focusedId === item.id}
          canEdit={canEdit}
          mode={view.mode?.id === item.id ? view.mode.mode : null}
          error={errors[item.id]}
          busy={pendingItemId === item.id}
          actions={actions}
          recurring={recurring.get(item.id)}
        />
      ))}
    </ul>
  );
}
