'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useId, useMemo, useState } from 'react';
import { Badge } from '@/components/ui/Badge';
import { Button } from '@/components/ui/Button';
import type { Checklist, Item } from '@/lib/checklist/model';
import { renameTarget, targetRefOf } from '@/lib/checks/target-ref';
import { api } from '@/lib/client/api';
import { pendingSuggestions, RULE_LABELS, type RuleGroup } from './suggestion-groups';

type Decision = { itemId: string; check: string };
type Reviewed = { id: string; version: number; refused: (Decision & { reason: string })[] };

/** The target each kind of a group's checks goes to: the only configured one, or the user's pick. */
function usePicks(group: RuleGroup, targetNames: string[]) {
  const kinds = [
    ...new Set(group.rows.map((r) => targetRefOf(r.check)?.kind).filter((k) => k !== undefined)),
  ];
  const optionsOf = (kind: string) =>
    targetNames.filter((n) => n.startsWith(`${kind}:`)).map((n) => n.slice(kind.length + 1));
  const initial = Object.fromEntries(
    kinds.map((kind) => {
      const options = optionsOf(kind);
      const suggested = group.rows.map((r) => targetRefOf(r.check)).find((t) => t?.kind === kind)?.name;
      // The environment's only target of this kind; the suggested name when it exists; else ask.
      const pick =
        options.length === 1 ? options[0] : suggested && options.includes(suggested) ? suggested : '';
      return [kind, pick ?? ''];
    }),
  );
  const [picks, setPicks] = useState<Record<string, string>>(initial);
  const final = (check: string) => {
    const kind = targetRefOf(check)?.kind;
    const to = kind ? picks[kind] : undefined;
    return to ? renameTarget(check, to) : check;
  };
  return { kinds, optionsOf, picks, setPicks, final };
}

/** A labelled inline select; `placeholder` is offered while nothing is chosen. */
function InlineSelect({
  label,
  value,
  options,
  onChange,
  placeholder,
  className,
}: {
  label: string;
  value: string;
  options: string[];
  onChange: (v: string) => void;
  placeholder?: string;
  className?: string;
}) {
  const id = useId();
  return (
    <span className={`flex items-center gap-1 ${className ?? ''}`}>
      <label htmlFor={id} className="text-muted">
        {label}
      </label>
      <select
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        className="rounded border border-slate-300 bg-transparent px-1 py-0.5 dark:border-slate-700"
      >
        {value === '' && placeholder ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </span>
  );
}

function KindPicker({
  kind,
  options,
  value,
  onChange,
}: {
  kind: string;
  options: string[];
  value: string;
  onChange: (v: string) => void;
}) {
  if (options.length === 0)
    return <span className="text-xs text-amber-700 dark:text-amber-400">no {kind} target is configured</span>;
  return (
    <InlineSelect
      label={`${kind} target`}
      value={value}
      options={options}
      onChange={onChange}
      placeholder="pick…"
      className="text-xs"
    />
  );
}

function Group({
  group,
  targetNames,
  send,
  busy,
}: {
  group: RuleGroup;
  targetNames: string[];
  send: (accept: Decision[], reject: Decision[]) => void;
  busy: boolean;
}) {
  const { kinds, optionsOf, picks, setPicks, final } = usePicks(group, targetNames);
  const unpicked = kinds.filter((k) => optionsOf(k).length > 0 && !picks[k]);
  const firstPerItem = useMemo(() => {
    const seen = new Set<string>();
    return group.rows.filter((r) => !seen.has(r.item.id) && seen.add(r.item.id));
  }, [group.rows]);
  const label = RULE_LABELS[group.rule] ?? group.rule;
  return (
    <section
      aria-label={`${label} suggestions`}
      className="rounded-md border border-slate-200 p-3 dark:border-slate-800"
    >
      <div className="flex flex-wrap items-center gap-2">
        <h3 className="text-sm font-semibold">
          {label} <span className="font-normal text-muted">· {group.rows.length}</span>
        </h3>
        {kinds.map((k) => (
          <KindPicker
            key={k}
            kind={k}
            options={optionsOf(k)}
            value={picks[k] ?? ''}
            onChange={(v) => setPicks((p) => ({ ...p, [k]: v }))}
          />
        ))}
        <Button
          size="sm"
          className="ml-auto"
          disabled={busy || unpicked.length > 0}
          title={unpicked.length ? `Pick the ${unpicked.join(', ')} target first` : undefined}
          onClick={() =>
            send(
              firstPerItem.map((r) => ({ itemId: r.item.id, check: final(r.check) })),
              [],
            )
          }
        >
          Accept all of this kind
        </Button>
      </div>
      <ul className="mt-2 divide-y divide-slate-100 dark:divide-slate-800">
        {group.rows.map((r) => (
          <li
            key={`${r.item.id} ${r.check}`}
            className="flex flex-wrap items-center gap-2 py-1.5 text-xs"
            data-testid="suggestion-row"
          >
            <span className="min-w-0 flex-1 basis-60">
              <span className="block truncate text-sm" title={r.item.text}>
                {r.item.text}
              </span>
              <code className="font-mono">{final(r.check)}</code>
              {r.confidence !== undefined ? (
                <span className="ml-2 text-muted">{Math.round(r.confidence * 100)}% sure</span>
              ) : null}
            </span>
            <Button
              size="sm"
              variant="secondary"
              disabled={busy || unpicked.some((k) => k === targetRefOf(r.check)?.kind)}
              onClick={() => send([{ itemId: r.item.id, check: final(r.check) }], [])}
              aria-label={`Accept ${final(r.check)} for ${r.item.text}`}
            >
              Accept
            </Button>
            <Button
              size="sm"
              variant="ghost"
              disabled={busy}
              onClick={() => send([], [{ itemId: r.item.id, check: r.check }])}
              aria-label={`Reject ${r.check} for ${r.item.text}`}
            >
              Reject
            </Button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function CannotVerify({ items }: { items: Item[] }) {
  if (items.length === 0) return null;
  return (
    <details className="text-sm">
      <summary className="cursor-pointer text-muted">
        {items.length} {items.length === 1 ? 'item needs' : 'items need'} a person (no check bound or
        suggested)
      </summary>
      <ul className="mt-1 max-h-64 list-disc space-y-0.5 overflow-auto pl-5 text-xs">
        {items.map((i) => (
          <li key={i.id}>{i.text || <em>(empty item)</em>}</li>
        ))}
      </ul>
    </details>
  );
}

/**
 * Self-verifying coverage of a template: how many items a probe can verify, and the suggested
 * checks grouped by the rule that made them, to accept a whole kind at once or reject one for good.
 */
export function SuggestionsReview({
  model,
  review,
}: {
  model: Checklist;
  /** Given on the latest version for engineers: accept / reject buttons. */
  review?: { templateId: string; targetsByEnvironment: Record<string, string[]> };
}) {
  const router = useRouter();
  const environments = Object.keys(review?.targetsByEnvironment ?? {});
  const [environment, setEnvironment] = useState(
    environments.includes('production') ? 'production' : (environments[0] ?? ''),
  );
  const { counted, verifiable, bound, groups, unverifiable } = useMemo(
    () => pendingSuggestions(model),
    [model],
  );
  const mutation = useMutation({
    mutationFn: (body: { accept: Decision[]; reject: Decision[]; skipRefused?: boolean }) =>
      api<Reviewed>(`/api/v1/templates/${review?.templateId}/suggestions`, { body }),
    onSuccess: (t) => router.push(`/templates/${t.id}?version=${t.version}`),
  });
  const pending = groups.reduce((n, g) => n + g.rows.length, 0);
  return (
    <div className="space-y-3">
      <p className="text-sm" data-testid="coverage">
        <strong>
          {verifiable} of {counted}
        </strong>{' '}
        items can verify themselves{' '}
        <span className="text-muted">
          ({bound} bound, {verifiable - bound} with a suggestion)
        </span>
      </p>
      <CannotVerify items={unverifiable} />
      {mutation.data?.refused.length ? (
        <div role="status" className="text-sm text-amber-800 dark:text-amber-300">
          {mutation.data.refused.length} {mutation.data.refused.length === 1 ? 'check was' : 'checks were'}{' '}
          not bound:
          <ul className="list-disc pl-5 text-xs">
            {mutation.data.refused.map((r) => (
              <li key={`${r.itemId} ${r.check}`}>
                <code className="font-mono">{r.check}</code>: {r.reason}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {mutation.error ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {mutation.error.message}
        </p>
      ) : null}
      {pending === 0 ? (
        <p className="text-sm text-muted">No suggestions waiting for review.</p>
      ) : review && model.format !== 'markdown' ? (
        <p className="text-sm text-muted">
          {pending} suggested {pending === 1 ? 'check' : 'checks'}: a plain-text checklist cannot carry bound
          checks. Convert it to Markdown (<code>- [ ] item</code>) and import it again to bind them.
        </p>
      ) : review ? (
        <>
          {environments.length > 1 ? (
            <InlineSelect
              label="Bind to the targets of"
              value={environment}
              options={environments}
              onChange={setEnvironment}
              className="text-sm"
            />
          ) : null}
          {groups.map((g) => (
            <Group
              key={`${environment} ${g.rule}`}
              group={g}
              targetNames={review.targetsByEnvironment[environment] ?? []}
              busy={mutation.isPending}
              send={(accept, reject) => mutation.mutate({ accept, reject, skipRefused: accept.length > 1 })}
            />
          ))}
        </>
      ) : (
        <p className="text-sm text-muted">
          {pending} suggested {pending === 1 ? 'check waits' : 'checks wait'} for an engineer's review.{' '}
          <Badge>read-only</Badge>
        </p>
      )}
    </div>
  );
}
