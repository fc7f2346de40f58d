'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Alert } from '@/components/ui/Alert';
import { Button } from '@/components/ui/Button';
import { api } from '@/lib/client/api';
import { runKeys } from '@/lib/client/query-keys';
import type { RunItemView } from '@/lib/runs/types';

interface BenchmarkResult {
  phase: 'baseline' | 'after';
  target: string;
  requests: number;
  errors: number;
  latencyMs: { p50: number; p95: number; p99: number };
  improvementPct: number | null;
}

/** Baseline and after figures from a bound check's probe, written into the run's fields. */
export function BenchmarkPanel({ runId, items }: { runId: string; items: RunItemView[] }) {
  const qc = useQueryClient();
  const ids = useId();
  const checked = items.filter((i) => i.check);
  const [itemId, setItemId] = useState(checked[0]?.id ?? '');
  const [requests, setRequests] = useState(1000);
  const run = useMutation({
    mutationFn: (phase: 'baseline' | 'after') =>
      api<BenchmarkResult>(`/api/v1/runs/${runId}/benchmarks`, { body: { itemId, phase, requests } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: runKeys.detail(runId) }),
  });
  if (checked.length === 0)
    return <p className="text-sm text-muted">No item has a bound check to measure.</p>;
  const r = run.data;
  return (
    <div className="space-y-2 text-sm">
      <label htmlFor={`${ids}-check`} className="block text-xs font-medium">
        Check to measure
      </label>
      <select
        id={`${ids}-check`}
        value={itemId}
        onChange={(e) => setItemId(e.target.value)}
        className="w-full rounded border border-slate-300 bg-white px-2 py-1 text-xs dark:border-slate-700 dark:bg-slate-900"
      >
        {checked.map((i) => (
          <option key={i.id} value={i.id}>
            {i.check}
          </option>
        ))}
      </select>
      <label htmlFor={`${ids}-n`} className="block text-xs font-medium">
        Requests
      </label>
      <input
        id={`${ids}-n`}
        type="number"
        min={10}
        max={10000}
        value={requests}
        onChange={(e) => setRequests(Number(e.target.value))}
        className="w-28 rounded border border-slate-300 bg-transparent px-2 py-1 text-xs dark:border-slate-700"
      />
      <div className="flex gap-2">
        <Button size="sm" variant="secondary" disabled={run.isPending} onClick={() => run.mutate('baseline')}>
          Record baseline
        </Button>
        <Button size="sm" variant="secondary" disabled={run.isPending} onClick={() => run.mutate('after')}>
          Record after
        </Button>
      </div>
      {run.isPending ? <p className="text-xs text-muted">Measuring {requests} requests…</p> : null}
      {run.error ? <Alert>{run.error.message}</Alert> : null}
      {r ? (
        <p className="text-xs" data-testid="benchmark-result">
          {r.phase}: p50 {r.latencyMs.p50} ms · p95 {r.latencyMs.p95} ms · p99 {r.latencyMs.p99} ms (
          {r.requests} requests
          {r.errors ? `, ${r.errors} failed` : ''})
          {r.improvementPct !== null ? ` · p50 improved ${r.improvementPct}%` : ''}
        </p>
      ) : null}
    </div>
  );
}
