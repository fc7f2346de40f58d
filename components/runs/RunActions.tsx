'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '@/lib/client/api';
import { runKeys } from '@/lib/client/query-keys';

/** Abort or roll back a run, with the reason everyone will see. */
export function RunActions({ runId }: { runId: string }) {
  const qc = useQueryClient();
  const [open, setOpen] = useState<null | 'aborted' | 'rolled_back'>(null);
  const change = useMutation({
    mutationFn: (body: { status: string; reason: string }) => api(`/api/v1/runs/${runId}/status`, { body }),
    onSuccess: () => {
      setOpen(null);
      qc.invalidateQueries({ queryKey: runKeys.detail(runId) });
    },
  });
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    change.mutate({ status: open!, reason: String(new FormData(e.currentTarget).get('reason') ?? '') });
  };
  if (open) {
    return (
      <form onSubmit={submit} className="flex items-center gap-2 text-sm">
        <label htmlFor="status-reason" className="sr-only">
          Reason
        </label>
        <input
          ref={(el) => el?.focus()}
          id="status-reason"
          name="reason"
          required
          placeholder={open === 'aborted' ? 'Why abort?' : 'Why roll back?'}
          className="rounded border border-slate-300 bg-transparent px-2 py-1 dark:border-slate-700"
        />
        <button type="submit" className="rounded bg-red-600 px-2 py-1 font-medium text-white">
          {open === 'aborted' ? 'Abort run' : 'Roll back'}
        </button>
        <button type="button" onClick={() => setOpen(null)} className="text-muted">
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
