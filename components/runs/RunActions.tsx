'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '@/lib/client/api';
import { runKeys } from '@/lib/client/query-keys';

type Ending = 'aborted' | 'rolled_back';

/** The reason form that ends a run as aborted or rolled back; also used by a firing trigger's banner. */
export function EndRunForm({ runId, status, onDone }: { runId: string; status: Ending; onDone: () => void }) {
  const qc = useQueryClient();
  const change = useMutation({
    mutationFn: (body: { status: string; reason: string }) => api(`/api/v1/runs/${runId}/status`, { body }),
    onSuccess: () => {
      onDone();
      qc.invalidateQueries({ queryKey: runKeys.detail(runId) });
    },
  });
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    change.mutate({ status, reason: String(new FormData(e.currentTarget).get('reason') ?? '') });
  };
  const id = `status-reason-${status}`;
  return (
    <form onSubmit={submit} className="flex flex-wrap items-center gap-2 text-sm">
      <label htmlFor={id} className="sr-only">
        Reason
      </label>
      <input
        ref={(el) => el?.focus()}
        id={id}
        name="reason"
        required
        placeholder={status === 'aborted' ? 'Why abort?' : 'Why roll back?'}
        className="rounded border border-slate-300 bg-transparent px-2 py-1 dark:border-slate-700"
      />
      <button type="submit" className="rounded bg-red-600 px-2 py-1 font-medium text-white">
        {status === 'aborted' ? 'Abort run' : 'Roll back'}
      </button>
      <button type="button" onClick={onDone} className="text-muted">
        Cancel
      </button>
      {change.error ? (
        <span role="alert" className="text-red-600">
          {change.error.message}
        </span>
      ) : null}
    </form>
  );
}

/** Abort or roll back a run, with the reason everyone will see. */
export function RunActions({ runId }: { runId: string }) {
  const [open, setOpen] = useState<null | Ending>(null);
  if (open) return <EndRunForm runId={runId} status={open} onDone={() => setOpen(null)} />;
  return (
    <div className="flex gap-1 text-sm">
      <button
        type="button"
        onClick={() => setOpen('aborted')}
        className="rounded px-2 py-1 text-slate-600 hover:bg-slate-200 dark:text-slate-300 dark:hover:bg-slate-800"
      >
        Abort
      </button>
      <button
        type="button"
        onClick={() => setOpen('rolled_back')}
        className="rounded px-2 py-1 text-slate-600 hover:bg-slate-200 dark:text-slate-300 dark:hover:bg-slate-800"
      >
        Roll back
      </button>
    </div>
  );
}
