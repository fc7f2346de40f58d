'use client';

import { type FormEvent, memo, useEffect, useRef, useState } from 'react';
import { Markdown } from '@/components/markdown/Markdown';
import { RecurringStrip } from '@/components/rollout/RecurringStrip';
import { Badge } from '@/components/ui/Badge';
import { CodeBlock } from '@/components/ui/CopyButton';
import { cx } from '@/components/ui/cx';
import { inputClass } from '@/components/ui/Input';
import { when } from '@/components/ui/when';
import type { ItemState, RecurringView, RunItemView } from '@/lib/runs/types';

export type ItemMode = null | 'skipped' | 'failed' | 'note';

export interface ItemRowProps {
  item: RunItemView;
  depth: number;
  focused: boolean;
  canEdit: boolean;
  mode: ItemMode;
  error?: string;
  busy: boolean;
  /** One stable object for every row, so a change to one item re-renders only that row. */
  actions: ItemActions;
  /** A recurring item's periods (staged runs). */
  recurring?: RecurringView;
}

export interface ItemActions {
  focus(itemId: string): void;
  mode(itemId: string, mode: ItemMode): void;
  state(item: RunItemView, state: ItemState, note?: string): void;
  note(item: RunItemView, note: string): void;
  verify(item: RunItemView): void;
  reverify(item: RunItemView, every: string | null): void;
}

const STATE_BADGE: Partial<Record<ItemState, { label: string; tone: 'warn' | 'bad' }>> = {
  skipped: { label: 'skipped', tone: 'warn' },
  failed: { label: 'failed', tone: 'bad' },
};

interface EvidenceShape {
  ok?: boolean;
  at?: string;
  results?: {
    target: string;
    instance?: string;
    ok: boolean;
    value: unknown;
    latencyMs: number;
    error?: string;
  }[];
}

const show = (v: unknown) => {
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
};

/** What a check measured: one line per target/instance, the raw record on demand. */
function Evidence({ evidence }: { evidence: unknown }) {
  const e = evidence as EvidenceShape;
  return (
    <div className="mt-1 text-xs" data-testid="item-evidence">
      {(e.results ?? []).map((r) => (
        <p
          key={`${r.target}/${r.instance ?? ''}`}
          className={r.ok ? 'text-emerald-700 dark:text-emerald-400' : 'text-red-700 dark:text-red-400'}
        >
          <span aria-hidden="true">{r.ok ? '✓' : '✗'}</span> {r.instance ?? r.target}:{' '}
          <code className="font-mono">{show(r.value)}</code> · {r.latencyMs.toFixed(2)} ms
          {e.at ? ` · ${when(e.at)} UTC` : ''}
          {r.error ? ` · ${r.error}` : ''}
        </p>
      ))}
      <details className="mt-0.5 text-muted">
        <summary className="cursor-pointer">evidence</summary>
        <pre className="overflow-x-auto rounded bg-slate-100 p-2 font-mono text-[11px] dark:bg-slate-800">
          {JSON.stringify(evidence, null, 1)}
        </pre>
      </details>
    </div>
  );
}

export const ItemRow = memo(function ItemRow(props: ItemRowProps) {
  // An item of a locked or unstarted stage reads like any other but cannot change.
  const p = props.item.locked ? { ...props, canEdit: false } : props;
  const { item, actions } = p;
  const row = useRef<HTMLLIElement>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (p.focused) row.current?.focus({ preventScroll: false });
  }, [p.focused]);
  useEffect(() => {
    if (p.mode) input.current?.focus();
  }, [p.mode]);

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const text = String(new FormData(e.currentTarget).get('text') ?? '').trim();
    if (p.mode === 'note') actions.note(item, text);
    else if (p.mode) actions.state(item, p.mode, text);
  };
  const badge = STATE_BADGE[item.state];
  const done = item.state === 'done';
  const closed = done || item.state === 'skipped';
  // The box follows the click at once: the optimistic cache write reaches the row a task later,
  // and a controlled checkbox would spring back in between. Any newer item (optimistic, saved or
  // rolled back) takes over from it.
  const [clicked, setClicked] = useState<{ item: RunItemView; checked: boolean } | null>(null);
  const checked = clicked?.item === item ? clicked.checked : closed;

  return (
    <li
      ref={row}
      id={`item-${item.id}`}
      tabIndex={-1}
      onFocus={() => actions.focus(item.id)}
      data-testid="run-item"
      data-state={item.state}
      className={cx(
        'scroll-mt-24 rounded-md px-2 py-2 outline-none',
        p.focused && 'bg-brand-50 ring-2 ring-brand-500/40 dark:bg-brand-700/20',
        item.reference && 'opacity-80',
      )}
      style={{ marginLeft: `${p.depth * 1.25}rem` }}
    >
      <div className="flex items-start gap-3">
        <input
          type="checkbox"
          className="mt-1 h-4 w-4 accent-emerald-600"
          checked={checked}
          disabled={!p.canEdit || p.busy}
          onChange={() => {
            setClicked({ item, checked: !closed });
            actions.state(item, closed ? 'open' : 'done');
          }}
          aria-label={`${done ? 'Reopen' : 'Mark done'}: ${item.text.replace(/[`*_]/g, '')}`}
        />
        <div className="min-w-0 flex-1">
          <div className={cx('text-sm', closed && 'text-muted line-through decoration-slate-400/60')}>
            <Markdown text={item.text} inline />
            {badge ? (
              <>
                {' '}
                <Badge tone={badge.tone}>{badge.label}</Badge>
              </>
            ) : null}
            {item.via === 'check' ? (
              <>
                {' '}
                <Badge tone="ok">verified by check</Badge>
              </>
            ) : null}
          </div>
          {item.locked ? (
            <p className="mt-0.5 text-xs text-muted" data-testid="item-locked">
              <span aria-hidden="true">🔒</span> {item.locked}
            </p>
          ) : null}
          {p.recurring ? <RecurringStrip recurring={p.recurring} /> : null}
          {item.by && item.at && item.state !== 'open' ? (
            <p className="mt-0.5 text-xs text-muted" data-testid="item-by">
              {item.state} by {item.by.name} · {when(item.at)} UTC
            </p>
          ) : null}
          {item.note ? (
            <p
              className="mt-1 rounded bg-slate-100 px-2 py-1 text-xs dark:bg-slate-800"
              data-testid="item-note"
            >
              {item.note}
              {item.noteBy ? <span className="text-muted"> — {item.noteBy}</span> : null}
            </p>
          ) : null}
          {item.check ? (
            <p className="mt-1 flex flex-wrap items-center gap-2 text-xs">
              <code className="font-mono text-muted">{item.check}</code>
              {item.check && p.canEdit ? (
                <label className="inline-flex items-center gap-1 text-muted">
                  re-verify
                  <select
                    value={item.reverifyEveryMs ? String(item.reverifyEveryMs) : ''}
                    onChange={(e) =>
                      actions.reverify(item, e.target.value ? `${Number(e.target.value) / 1000}s` : null)
                    }
                    className="rounded border border-slate-300 bg-transparent px-1 py-0.5 dark:border-slate-700"
                    aria-label={`Re-verify ${item.check} continuously`}
                  >
                    <option value="">off</option>
                    <option value="30000">every 30 s</option>
                    <option value="60000">every 1 min</option>
                    <option value="300000">every 5 min</option>
                  </select>
                </label>
              ) : null}
              {item.check && p.canEdit ? (
                <button
                  type="button"
                  onClick={() => actions.verify(item)}
                  disabled={p.busy}
                  className="rounded border border-brand-500 px-2 py-0.5 font-medium text-brand-600 hover:bg-brand-50 dark:text-brand-100 dark:hover:bg-brand-700/30"
                >
                  Verify
                </button>
              ) : null}
            </p>
          ) : null}
          {item.evidence ? <Evidence evidence={item.evidence} /> : null}
          {item.code
            .filter((c) => !c.inline)
            .map((c, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: code blocks of a template item never reorder
              <CodeBlock key={i} code={c.value} lang={c.lang} />
            ))}
          {p.error ? (
            <p role="alert" className="mt-1 text-xs text-red-700 dark:text-red-400">
              {p.error}
            </p>
          ) : null}
          {p.mode ? (
            <form onSubmit={submit} className="mt-2 flex gap-2">
              <label htmlFor={`note-${item.id}`} className="sr-only">
                {p.mode === 'note' ? 'Note' : p.mode === 'skipped' ? 'Reason for skipping' : 'What failed'}
              </label>
              <input
                ref={input}
                id={`note-${item.id}`}
                name="text"
                defaultValue={p.mode === 'note' ? item.note : ''}
                placeholder={
                  p.mode === 'note'
                    ? 'Add a note'
                    : p.mode === 'skipped'
                      ? 'Why is it skipped?'
                      : 'What failed?'
                }
                className={cx(inputClass, 'py-1 text-xs')}
                onKeyDown={(e) => e.key === 'Escape' && actions.mode(item.id, null)}
                required={p.mode !== 'note'}
              />
              <button type="submit" className="rounded-md bg-brand-600 px-2.5 text-xs font-medium text-white">
                {p.mode === 'note' ? 'Save' : p.mode === 'skipped' ? 'Skip' : 'Mark failed'}
              </button>
              <button
                type="button"
                onClick={() => actions.mode(item.id, null)}
                className="text-xs text-muted"
              >
                Cancel
              </button>
            </form>
          ) : null}
        </div>
        {p.canEdit && !p.mode ? (
          <div className="flex shrink-0 gap-1 text-xs">
            <button
              type="button"
              className="rounded px-1.5 py-0.5 text-muted hover:bg-slate-200 dark:hover:bg-slate-800"
              onClick={() => actions.mode(item.id, 'note')}
              aria-label={`Note on ${item.text}`}
            >
              Note
            </button>
            {item.state === 'open' ? (
              <>
                <button
                  type="button"
                  className="rounded px-1.5 py-0.5 text-muted hover:bg-slate-200 dark:hover:bg-slate-800"
                  onClick={() => actions.mode(item.id, 'skipped')}
                >
                  Skip
                </button>
                <button
                  type="button"
                  className="rounded px-1.5 py-0.5 text-muted hover:bg-slate-200 dark:hover:bg-slate-800"
                  onClick={() => actions.mode(item.id, 'failed')}
                >
                  Fail
                </button>
              </>
            ) : null}
          </div>
        ) : null}
      </div>
    </li>
  );
});
