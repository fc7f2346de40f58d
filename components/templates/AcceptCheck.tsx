'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useId, useState } from 'react';
import { Badge } from '@/components/ui/Badge';
import { renameTarget, targetRefOf } from '@/lib/checks/target-ref';
import { api } from '@/lib/client/api';

/**
 * A suggested check with its target name editable (`redis:redis` → `redis:cache`) and one
 * click to bind it to the item; the template gets a new version.
 */
export function AcceptCheck({
  templateId,
  itemId,
  triggerId,
  check,
  targetNames,
}: {
  templateId: string;
  /** The item the check verifies… */
  itemId?: string;
  /** …or the rollback trigger whose bad condition it watches. */
  triggerId?: string;
  check: string;
  targetNames: string[];
}) {
  const router = useRouter();
  const id = useId();
  // The server suggested and validated the check; the browser only renames its target.
  const ref = targetRefOf(check);
  const from = ref?.name ?? '';
  const kind = ref?.kind ?? '';
  const [to, setTo] = useState(from);
  const final = to && to !== from ? renameTarget(check, to) : check;
  const accept = useMutation({
    mutationFn: () =>
      triggerId
        ? api<{ id: string; version: number }>(`/api/v1/templates/${templateId}/triggers`, {
            body: { triggerId, check: final },
          })
        : api<{ id: string; version: number }>(`/api/v1/templates/${templateId}/checks`, {
            body: { itemId, check: final },
          }),
    onSuccess: (t) => router.push(`/templates/${t.id}?version=${t.version}`),
  });
  const options = targetNames.filter((n) => n.startsWith(`${kind}:`)).map((n) => n.slice(kind.length + 1));
  return (
    <div className="mt-1 flex flex-wrap items-center gap-2 text-xs" data-testid="suggested-check">
      <Badge>suggested</Badge>
      <code className="font-mono">{final}</code>
      {ref ? (
        <>
          <label htmlFor={id} className="text-muted">
            target {kind}:
          </label>
          <input
            id={id}
            value={to}
            onChange={(e) => setTo(e.target.value.trim())}
            list={`${id}-targets`}
            className="w-28 rounded border border-slate-300 bg-transparent px-1.5 py-0.5 dark:border-slate-700"
            aria-label={`Target name for ${check}`}
          />
          <datalist id={`${id}-targets`}>
            {options.map((o) => (
              <option key={o} value={o} />
            ))}
          </datalist>
          <button
            type="button"
            onClick={() => accept.mutate()}
            disabled={accept.isPending || !to}
            className="rounded bg-brand-600 px-2 py-0.5 font-medium text-white disabled:opacity-50"
          >
            {accept.isPending ? 'Binding…' : 'Accept'}
          </button>
        </>
      ) : null}
      {accept.error ? (
        <span role="alert" className="text-red-700 dark:text-red-400">
          {accept.error.message}
        </span>
      ) : null}
    </div>
  );
}
