'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/client/api';
import { runKeys } from '@/lib/client/query-keys';
import type { RunItemView } from '@/lib/runs/types';
import { openBoundItems } from '@/lib/runs/verifiable';

interface VerifyAllResult {
  done: string[];
  failed: string[];
  notRun: { itemId: string; reason: string }[];
  locked: number;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function summary(r: VerifyAllResult): string {
  const parts = [`${r.done.length} done`];
  if (r.failed.length) parts.push(`${r.failed.length} failed`);
  if (r.notRun.length) parts.push(`${r.notRun.length} not run (${r.notRun[0]?.reason ?? ''})`);
  if (r.locked) parts.push(`${plural(r.locked, 'item')} waiting for a stage`);
  return parts.join(' · ');
}

/**
 * Runs the bound check of every open item at once (the server skips items whose stage is locked);
 * each item then shows its own evidence as usual.
 */
export function VerifyAllButton({ runId, items }: { runId: string; items: RunItemView[] }) {
  const qc = useQueryClient();
  const { open } = openBoundItems(items);
  const run = useMutation({
    mutationFn: () => api<VerifyAllResult>(`/api/v1/runs/${runId}/verify`, { body: {} }),
    onSettled: () => qc.invalidateQueries({ queryKey: runKeys.detail(runId) }),
  });
  if (!items.some((i) => i.check)) return null;
  return (
    <span className="flex flex-wrap items-center gap-2">
      <button
        type="button"
        onClick={() => run.mutate()}
        disabled={run.isPending || open.length === 0}
        title={
          open.length === 0 ? 'Every item with a check is done, skipped or waiting for its stage' : undefined
        }
        className="rounded bg-slate-900 px-2.5 py-0.5 font-medium text-white disabled:opacity-50 dark:bg-slate-100 dark:text-slate-900"
      >
        {run.isPending ? 'Verifying…' : `Verify all (${open.length})`}
      </button>
      <span role="status" aria-live="polite" className="text-xs text-muted">
        {run.data ? summary(run.data) : ''}
      </span>
      {run.error ? (
        <span role="alert" className="text-xs text-red-600">
          {run.error.message}
        </span>
      ) : null}
    </span>
  );
}
