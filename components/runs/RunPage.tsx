'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Alert } from '@/components/ui/Alert';
import { Card } from '@/components/ui/Card';
import { cx } from '@/components/ui/cx';
import { ApiError, api } from '@/lib/client/api';
import type { FieldValue, ItemState, RunItemState, RunItemView, RunView } from '@/lib/runs/types';
import { ActivityList } from './ActivityList';
import { BenchmarkPanel } from './BenchmarkPanel';
import { ProgressBar, StatusBadge } from './bits';
import { FieldsPanel } from './FieldsPanel';
import { FollowButton } from './FollowButton';
import { type ItemActions, type ItemMode, ItemRow } from './ItemRow';
import { RunActions } from './RunActions';
import { SignoffTable } from './SignoffTable';
import { applyItem, useRunLive } from './useRunLive';

type Filter = 'all' | 'open' | 'mine';
const key = () => crypto.randomUUID();

function depthOf(item: RunItemView, byId: Map<string, RunItemView>) {
  let d = 0;
  for (let p = item.parentId; p && d < 10; p = byId.get(p)?.parentId ?? null) d++;
  return d;
}

export function RunPage({ initial, me }: { initial: RunView; me: { userId: string; roles: string[] } }) {
  const runId = initial.id;
  const qc = useQueryClient();
  const { data: run = initial } = useQuery({
    queryKey: ['run', runId],
    queryFn: () => api<RunView>(`/api/v1/runs/${runId}`),
    initialData: initial,
  });
  const { viewers, connected, refresh } = useRunLive(runId);
  const [tab, setTab] = useState<'checklist' | 'activity'>('checklist');
  const [filter, setFilter] = useState<Filter>('all');
  const [focus, setFocus] = useState(0);
  const [mode, setMode] = useState<{ id: string; mode: ItemMode } | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [collapsed, setCollapsed] = useState<Set<string>>(
    () => new Set(initial.sections.filter((s) => s.reference).map((s) => s.id)),
  );

  const canEdit =
    me.roles.some((r) => r === 'engineer' || r === 'admin') &&
    run.status !== 'aborted' &&
    run.status !== 'rolled_back';
  const byId = useMemo(() => new Map(run.items.map((i) => [i.id, i])), [run.items]);
  const visible = useMemo(
    () =>
      run.items.filter((i) => {
        if (filter === 'open' && i.state !== 'open') return false;
        if (filter === 'mine' && i.by?.userId !== me.userId) return false;
        return !(i.sectionId && collapsed.has(i.sectionId));
      }),
    [run.items, filter, me.userId, collapsed],
  );

  // Versions this tab's own writes produced: a quick second edit builds on the first instead of
  // conflicting with it, while a change by someone else still gets a conflict.
  const ownVersions = useRef(new Map<string, number>());
  const itemWrite = useMutation({
    scope: { id: `run-${runId}-items` },
    mutationFn: ({ item, body }: { item: RunItemView; body: Record<string, unknown> }) => {
      let expected = item.version;
      while (ownVersions.current.has(`${item.id}@${expected}`))
        expected = ownVersions.current.get(`${item.id}@${expected}`)!;
      return api<RunItemState>(`/api/v1/runs/${runId}/items/${encodeURIComponent(item.id)}`, {
        method: 'PATCH',
        body: { ...body, expectedVersion: expected },
        headers: { 'Idempotency-Key': key() },
      }).then((saved) => {
        if (saved.version !== expected) ownVersions.current.set(`${item.id}@${expected}`, saved.version);
        return saved;
      });
    },
    onMutate: ({ item, body }) => {
      setErrors(({ [item.id]: _, ...rest }) => rest);
      // Optimistic: show the change now; the server's answer (or the rollback) replaces it.
      qc.setQueryData<RunView>(['run', runId], (r) =>
        r
          ? { ...r, items: r.items.map((i) => (i.id === item.id ? ({ ...i, ...body } as RunItemView) : i)) }
          : r,
      );
      return { previous: item };
    },
    onSuccess: (saved) => {
      applyItem(qc, runId, saved);
      refresh();
    },
    onError: (err, { item }, ctx) => {
      const current =
        err instanceof ApiError && err.code === 'conflict'
          ? (err.details?.current as RunItemState | undefined)
          : undefined;
      qc.setQueryData<RunView>(['run', runId], (r) =>
        r
          ? {
              ...r,
              items: r.items.map((i) => (i.id === item.id ? { ...(ctx?.previous ?? i), ...current } : i)),
            }
          : r,
      );
      setErrors((e) => ({ ...e, [item.id]: err.message }));
      refresh();
    },
  });

  const setState = useCallback(
    (item: RunItemView, state: ItemState, note?: string) => {
      setMode(null);
      itemWrite.mutate({ item, body: note ? { state, note } : { state } });
    },
    [itemWrite],
  );

  const fieldWrite = useMutation({
    mutationFn: (patch: Record<string, FieldValue>) =>
      api<RunView>(`/api/v1/runs/${runId}/fields`, {
        method: 'PATCH',
        body: patch,
        headers: { 'Idempotency-Key': key() },
      }),
    onSuccess: () => refresh(),
  });
  const sign = useMutation({
    mutationFn: ({ role, comment }: { role: string; comment?: string }) =>
      api(`/api/v1/runs/${runId}/signoffs`, {
        body: { role, comment, expectedSnapshot: run.snapshot },
        headers: { 'Idempotency-Key': key() },
      }),
    onSettled: () => refresh(),
  });
  const verify = useMutation({
    mutationFn: (item: RunItemView) =>
      api<RunItemState>(`/api/v1/runs/${runId}/items/${encodeURIComponent(item.id)}/verify`, { body: {} }),
    onSuccess: (saved) => applyItem(qc, runId, saved),
    onError: (err, item) => setErrors((e) => ({ ...e, [item.id]: err.message })),
    onSettled: () => refresh(),
  });

  const reverify = useMutation({
    mutationFn: ({ item, every }: { item: RunItemView; every: string | null }) =>
      api(`/api/v1/runs/${runId}/items/${encodeURIComponent(item.id)}/reverify`, {
        method: 'PUT',
        body: { every },
      }),
    onError: (err, { item }) => setErrors((e) => ({ ...e, [item.id]: err.message })),
    onSettled: () => refresh(),
  });

  // Keyboard: j/k move, x toggles, n writes a note; typing in a field is left alone.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (
        tab !== 'checklist' ||
        e.metaKey ||
        e.ctrlKey ||
        e.altKey ||
        /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)
      )
        return;
      const item = visible[focus];
      if (e.key === 'j') setFocus((f) => Math.min(visible.length - 1, f + 1));
      else if (e.key === 'k') setFocus((f) => Math.max(0, f - 1));
      else if (e.key === 'x' && item && canEdit) setState(item, item.state === 'open' ? 'done' : 'open');
      else if (e.key === 'n' && item && canEdit) setMode({ id: item.id, mode: 'note' });
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [visible, focus, canEdit, tab, setState]);

  // Deep link: /runs/:id#item-<itemId> focuses that item, once, on load.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once on load
  useEffect(() => {
    const id = decodeURIComponent(window.location.hash.replace(/^#item-/, ''));
    const index = visible.findIndex((i) => i.id === id);
    if (index >= 0) setFocus(index);
  }, []);

  // The latest state for the row actions: the actions object itself never changes, so memoised
  // rows re-render only when their own item, focus, mode or error changes.
  const latest = useRef({ visible, setState, itemWrite, verify, reverify });
  latest.current = { visible, setState, itemWrite, verify, reverify };
  const actions = useMemo<ItemActions>(
    () => ({
      focus: (id) => setFocus(latest.current.visible.findIndex((v) => v.id === id)),
      mode: (id, m) => setMode(m ? { id, mode: m } : null),
      state: (item, state, note) => latest.current.setState(item, state, note),
      note: (item, note) => {
        setMode(null);
        latest.current.itemWrite.mutate({ item, body: { note } });
      },
      verify: (item) => latest.current.verify.mutate(item),
      reverify: (item, every) => latest.current.reverify.mutate({ item, every }),
    }),
    [],
  );

  const sectionItems = (sectionId: string | null) => visible.filter((i) => i.sectionId === sectionId);
  const pendingId = itemWrite.isPending
    ? itemWrite.variables?.item.id
    : verify.isPending
      ? verify.variables?.id
      : undefined;
  const renderItems = (items: RunItemView[]) => (
    <ul className="space-y-0.5">
      {items.map((item) => (
        <ItemRow
          key={item.id}
          item={item}
          depth={depthOf(item, byId)}
          focused={visible[focus]?.id === item.id}
          canEdit={canEdit}
          mode={mode?.id === item.id ? mode.mode : null}
          error={errors[item.id]}
          busy={pendingId === item.id}
          actions={actions}
        />
      ))}
    </ul>
  );

  return (
    <div>
      <header className="mb-4 space-y-3">
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div>
            <h1 className="text-2xl font-semibold tracking-tight">{run.title}</h1>
            <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-slate-600 dark:text-slate-400">
              <StatusBadge status={run.status} />
              <span>
                {run.environment}
                {run.releaseVersion ? ` · ${run.releaseVersion}` : ''} · {run.templateName} v
                {run.templateVersion}
              </span>
              {run.statusReason ? <span>· {run.statusReason}</span> : null}
            </p>
          </div>
          <div className="flex items-center gap-3">
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
            <span
              className={cx('h-2 w-2 rounded-full', connected ? 'bg-emerald-500' : 'bg-amber-500')}
              title={connected ? 'Live' : 'Reconnecting…'}
              aria-label={connected ? 'Live' : 'Reconnecting'}
              role="img"
            />
            <a
              href={`/runs/${runId}/report`}
              className="text-sm text-brand-600 hover:underline dark:text-brand-100"
            >
              Report
            </a>
            <FollowButton runId={runId} />
            {canEdit ? <RunActions runId={runId} /> : null}
          </div>
        </div>
        <ProgressBar progress={run.progress} label="Run progress" />
      </header>

      <div
        role="tablist"
        aria-label="Run views"
        className="mb-4 flex gap-1 border-b border-slate-200 dark:border-slate-800"
      >
        {(['checklist', 'activity'] as const).map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            aria-selected={tab === t}
            onClick={() => setTab(t)}
            className={cx(
              '-mb-px border-b-2 px-3 py-1.5 text-sm capitalize',
              tab === t ? 'border-brand-600 font-medium' : 'border-transparent text-slate-500',
            )}
          >
            {t}
          </button>
        ))}
      </div>

      {tab === 'activity' ? (
        <ActivityList runId={runId} />
      ) : (
        <div className="grid gap-6 lg:grid-cols-[14rem_1fr_20rem]">
          <nav aria-label="Sections" className="hidden text-sm lg:block">
            <ul className="sticky top-20 space-y-2">
              {run.sections.map((s) => (
                <li key={s.id} style={{ paddingLeft: `${Math.max(0, s.level - 2) * 0.75}rem` }}>
                  <a
                    href={`#section-${s.id}`}
                    className={cx('block truncate hover:underline', s.reference && 'italic text-slate-500')}
                  >
                    {s.title}
                  </a>
                  {s.progress.total ? (
                    <ProgressBar progress={s.progress} label={`${s.title} progress`} />
                  ) : null}
                </li>
              ))}
            </ul>
          </nav>

          <div className="min-w-0 space-y-4">
            <div className="flex flex-wrap items-center gap-2 text-sm">
              <span className="text-slate-500">Show</span>
              {(['all', 'open', 'mine'] as const).map((f) => (
                <button
                  key={f}
                  type="button"
                  aria-pressed={filter === f}
                  onClick={() => {
                    setFilter(f);
                    setFocus(0);
                  }}
                  className={cx(
                    'rounded-full px-2.5 py-0.5',
                    filter === f
                      ? 'bg-slate-900 text-white dark:bg-slate-100 dark:text-slate-900'
                      : 'bg-slate-200 dark:bg-slate-800',
                  )}
                >
                  {f === 'all' ? 'All' : f === 'open' ? 'Open only' : 'Mine'}
                </button>
              ))}
              <span className="ml-auto hidden text-xs text-slate-500 md:inline">
                Keys: <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>x</kbd> toggle · <kbd>n</kbd> note
              </span>
            </div>
            {sectionItems(null).length ? renderItems(sectionItems(null)) : null}
            {run.sections.map((s) => {
              const items = visible.filter((i) => i.sectionId === s.id);
              const hidden = collapsed.has(s.id);
              const hasItems = run.items.some((i) => i.sectionId === s.id);
              if (!hasItems && !s.content.trim() && !s.code.length) return null;
              return (
                <section
                  key={s.id}
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
                      onClick={() =>
                        setCollapsed((c) => {
                          const n = new Set(c);
                          if (n.has(s.id)) n.delete(s.id);
                          else n.add(s.id);
                          return n;
                        })
                      }
                      className="text-left font-medium"
                    >
                      <span aria-hidden="true">{hidden ? '▸' : '▾'}</span> {s.title}{' '}
                      {s.reference ? (
                        <span className="text-xs font-normal text-amber-700 dark:text-amber-400">
                          reference
                        </span>
                      ) : null}
                    </button>
                    {s.progress.total ? (
                      <span className="text-xs tabular-nums text-slate-500">
                        {s.progress.done}/{s.progress.total}
                      </span>
                    ) : null}
                  </h2>
                  {hidden ? null : <div className="mt-2">{renderItems(items)}</div>}
                </section>
              );
            })}
          </div>

          <aside className="space-y-4">
            <Card title="Fields">
              {fieldWrite.error ? <Alert className="mb-2">{fieldWrite.error.message}</Alert> : null}
              <FieldsPanel
                defs={run.fieldDefs}
                values={run.fields}
                canEdit={canEdit}
                onSave={(k, v) => fieldWrite.mutate({ [k]: v })}
              />
            </Card>
            {canEdit ? (
              <Card title="Benchmark">
                <BenchmarkPanel runId={runId} items={run.items} />
              </Card>
            ) : null}
            <Card title="Sign-off">
              <SignoffTable
                signoffs={run.signoffs}
                myRoles={me.roles}
                canSignNow={run.status === 'completed' || run.status === 'verified'}
                onSign={(role, comment) => sign.mutate({ role, comment })}
                error={sign.error?.message}
              />
            </Card>
          </aside>
        </div>
      )}
    </div>
  );
}
