'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useId, useMemo, useState } from 'react';
import { Badge } from '@/components/ui/Badge';
import { Button } from '@/components/ui/Button';
import type { Checklist, Item } from '@/lib/checklist/model';
import { resolveSuggestedTarget } from '@/lib/checks/resolve-target';
import { renameTarget, targetRefOf } from '@/lib/checks/target-ref';
import { api } from '@/lib/client/api';
import { pendingSuggestions, RULE_LABELS, type RuleGroup } from './suggestion-groups';

type Decision = { itemId: string; check: string };
type Reviewed = { id: string; version: number; refused: (Decision & { reason: string })[] };

const refOf = (check: string) => {
  const t = targetRefOf(check);
  return t ? `${t.kind}:${t.name}` : undefined;
};

/**
 * Where each target a group's checks name (`redis:cache`, `http:grafana`) goes in the chosen
 * environment: by default what resolveSuggestedTarget decides (the one Redis; never a named
 * service onto another's target), else the suggested name kept; the person may pick another.
 */
function usePicks(group: RuleGroup, targetNames: string[]) {
  const refs = useMemo(() => {
    const byRef = new Map<string, string>();
    for (const r of group.rows) {
      const ref = refOf(r.check);
      if (ref && !byRef.has(ref)) byRef.set(ref, r.check);
    }
    return byRef;
  }, [group.rows]);
  const namesOf = (kind: string) =>
    targetNames.filter((n) => n.startsWith(`${kind}:`)).map((n) => n.slice(kind.length + 1));
  const [chosen, setPicks] = useState<Record<string, string>>({});
  const picks = useMemo(
    () =>
      Object.fromEntries(
        [...refs].map(([ref, check]) => [
          ref,
          chosen[ref] ?? targetRefOf(resolveSuggestedTarget(check, targetNames).check)?.name ?? '',
        ]),
      ),
    [refs, chosen, targetNames],
  ) as Record<string, string>;
  const final = (check: string) => {
    const ref = refOf(check);
    const to = ref ? picks[ref] : undefined;
    return to ? renameTarget(check, to) : check;
  };
  return { refs: [...refs.keys()], namesOf, picks, setPicks, final };
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

function RefPicker({
  target,
  names,
  value,
  onChange,
  environment,
}: {
  target: string;
  /** The environment's target names of this kind. */
  names: string[];
  value: string;
  onChange: (v: string) => void;
  environment: string;
}) {
  const suggested = target.slice(target.indexOf(':') + 1);
  return (
    <span className="flex items-center gap-1">
      <InlineSelect
        label={`${target} →`}
        value={value}
        options={[...new Set([suggested, ...names])]}
        onChange={onChange}
        className="text-xs"
      />
      {names.includes(value) ? null : (
        <span className="text-xs text-amber-700 dark:text-amber-400">not in {environment}</span>
      )}
    </span>
  );
}

function Group({
  group,
  targetNames,
  environment,
  send,
  busy,
}: {
  group: RuleGroup;
  targetNames: string[];
  environment: string;
  send: (accept: Decision[], reject: Decision[]) => void;
  busy: boolean;
}) {
  const { refs, namesOf, picks, setPicks, final } = usePicks(group, targetNames);
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
        <Button
          size="sm"
          className="ml-auto"
          disabled={busy}
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
      <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
        {refs.map((ref) => (
          <RefPicker
            key={ref}
            target={ref}
            names={namesOf(ref.slice(0, ref.indexOf(':')))}
            value={picks[ref] ?? ''}
            onChange={(v) => setPicks((p) => ({ ...p, [ref]: v }))}
            environment={environment}
          />
        ))}
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
              disabled={busy}
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
              environment={environment}
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
