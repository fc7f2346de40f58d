'use client';

import { useQuery } from '@tanstack/react-query';
import { Alert } from '@/components/ui/Alert';
import { EmptyState } from '@/components/ui/Card';
import { when } from '@/components/ui/when';
import { api } from '@/lib/client/api';
import { runKeys } from '@/lib/client/query-keys';
import type { RunEvent } from '@/lib/runs/types';

const summarize = (e: RunEvent): string => {
  const after = e.after as Record<string, unknown> | string | null;
  const before = e.before as Record<string, unknown> | string | null;
  const state = (v: typeof after) =>
    v && typeof v === 'object' && 'state' in v ? String(v.state) : JSON.stringify(v);
  switch (e.action) {
    case 'run.create':
      return 'started the run';
    case 'item.state':
      return `${state(before)} → ${state(after)}: ${e.subject ?? ''}`;
    case 'item.note':
      return `noted on ${e.subject ?? ''}`;
    case 'field.set':
      return `set ${e.subject ?? 'a field'} to ${typeof after === 'string' ? after : JSON.stringify(after)}`;
    case 'run.status':
      return `marked the run ${state(after)}`;
    case 'signoff.sign':
      return `signed as ${e.subject ?? ''}`;
    case 'item.reverify': {
      const every = (after as { everyMs?: number | null } | null)?.everyMs;
      return every
        ? `set ${e.subject ?? ''} to re-verify every ${every / 1000} s`
        : `stopped re-verifying ${e.subject ?? ''}`;
    }
    case 'check.verify':
      return `verified ${e.subject ?? ''} by check`;
    case 'stage.start': {
      const a = after as { title?: string; forced?: boolean } | null;
      return `${a?.forced ? 'forced the start of' : 'started'} ${a?.title ?? e.subject ?? 'a stage'}`;
    }
    case 'stage.gate_pass':
      return `opened the gate of ${(after as { title?: string } | null)?.title ?? e.subject ?? 'a stage'}`;
    case 'trigger.fire':
      return `rollback trigger fired (value ${JSON.stringify((after as { value?: unknown } | null)?.value ?? null)}): ${e.subject ?? ''}`;
    case 'trigger.resolve':
      return `rollback trigger resolved: ${e.subject ?? ''}`;
    case 'trigger.ack':
      return `acknowledged rollback trigger ${e.subject ?? ''} until ${(after as { until?: string } | null)?.until ?? '?'}`;
    default:
      return e.action;
  }
};

/** The run's audit trail, newest first; refreshed by the live stream. */
export function ActivityList({ runId }: { runId: string }) {
  const q = useQuery({
    queryKey: runKeys.audit(runId),
    queryFn: ({ signal }) => api<{ events: RunEvent[] }>(`/api/v1/runs/${runId}/audit`, { signal }),
  });
  if (q.isPending) return <p className="text-sm text-muted">Loading activity…</p>;
  if (q.error) return <Alert>{q.error.message}</Alert>;
  const events = [...q.data.events].reverse();
  if (events.length === 0) return <EmptyState title="No activity yet" />;
  return (
    <ol className="divide-y divide-slate-200 text-sm dark:divide-slate-800" aria-label="Activity">
      {events.map((e) => (
        <li key={e.id} className="flex gap-3 py-2">
          <time className="w-36 shrink-0 tabular-nums text-muted" dateTime={e.at}>
            {when(e.at)}
          </time>
          <p className="min-w-0">
            <span className="font-medium">{e.actor.name}</span>
            {e.actor.kind === 'apikey' ? <span className="text-xs text-muted"> (API key)</span> : null}
            {e.actor.kind === 'system' ? <span className="text-xs text-muted"> (automatic)</span> : null}{' '}
            {summarize(e)}
            {e.note ? <span className="block text-xs text-muted">“{e.note}”</span> : null}
          </p>
        </li>
      ))}
    </ol>
  );
}
