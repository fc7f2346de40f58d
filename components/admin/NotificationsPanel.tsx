'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Alert } from '@/components/ui/Alert';
import { Badge, type Tone } from '@/components/ui/Badge';
import { Button } from '@/components/ui/Button';
import { Card, EmptyState } from '@/components/ui/Card';
import { DataTable } from '@/components/ui/DataTable';
import { inputClass } from '@/components/ui/Input';
import { api } from '@/lib/client/api';
import { notificationKeys } from '@/lib/client/query-keys';
import type { ChannelView } from '@/lib/notify/admin';
import type { DeliveryView } from '@/lib/notify/deliveries';
import { EVENT_TYPE_NAMES, eventLabel, TEST_EVENT } from '@/lib/notify/events';

const STATES = ['pending', 'sending', 'delivered', 'failed', 'dead'] as const;
const TONES: Record<DeliveryView['state'], Tone> = {
  pending: 'info',
  sending: 'info',
  delivered: 'ok',
  failed: 'warn',
  dead: 'bad',
};
const when = (iso?: string) => (iso ? new Date(iso).toISOString().slice(0, 19).replace('T', ' ') : '');

function Channels({ channels }: { channels: ChannelView[] }) {
  const qc = useQueryClient();
  const [sent, setSent] = useState<string | null>(null);
  const test = useMutation({
    mutationFn: (name: string) =>
      api(`/api/v1/notifications/channels/${encodeURIComponent(name)}/test`, { body: {} }),
    onSuccess: (_r, name) => {
      setSent(name);
      void qc.invalidateQueries({ queryKey: notificationKeys.deliveries });
    },
  });
  return (
    <Card title="Channels">
      {channels.length === 0 ? (
        <EmptyState title="No channels configured">
          Add a <code className="font-mono">notifications:</code> section to the targets file
          (LIFTOFF_CONFIG).
        </EmptyState>
      ) : (
        <DataTable
          label="Channels"
          testId="channels"
          rows={channels}
          rowKey={(c) => c.name}
          columns={[
            {
              key: 'name',
              header: 'Channel',
              rowHeader: true,
              cell: (c) => (
                <>
                  <span className="font-mono">{c.name}</span> <Badge>{c.type}</Badge>
                </>
              ),
            },
            {
              key: 'destination',
              header: 'Sends to',
              cellClassName: 'font-mono text-xs',
              cell: (c) => (
                <>
                  {c.destination}
                  {c.via ? <div className="text-muted">via {c.via}</div> : null}
                  <div className="text-muted">
                    timeout {c.timeoutMs / 1000} s · at most {c.ratePerSecond}/s
                  </div>
                </>
              ),
            },
            {
              key: 'routes',
              header: 'Routes',
              cellClassName: 'text-xs',
              cell: (c) =>
                c.routes.length === 0
                  ? 'no route (test messages and, for the first email channel, followers)'
                  : c.routes.map((r) => (
                      <div key={`${r.events.join()}|${r.environments?.join() ?? ''}`}>
                        {r.events.join(', ')}
                        {r.environments ? ` in ${r.environments.join(', ')}` : ''}
                      </div>
                    )),
            },
            {
              key: 'test',
              header: <span className="sr-only">Test</span>,
              align: 'right',
              cell: (c) => (
                <Button
                  size="sm"
                  variant="secondary"
                  onClick={() => test.mutate(c.name)}
                  disabled={test.isPending}
                  aria-label={`Send test to ${c.name}`}
                >
                  Send test
                </Button>
              ),
            },
          ]}
        />
      )}
      {test.error ? <Alert className="mt-3">{test.error.message}</Alert> : null}
      {sent ? (
        <Alert tone="ok" className="mt-3">
          Test message to {sent} queued; it appears in the delivery log below.
        </Alert>
      ) : null}
    </Card>
  );
}

function Attempts({ d }: { d: DeliveryView }) {
  return (
    <ol className="space-y-1 text-xs" aria-label={`Attempts of ${d.id}`}>
      {d.attemptLog.map((a) => (
        <li key={a.attempt} className="font-mono">
          #{a.attempt} {when(a.startedAt)} · {a.outcome}
          {a.statusCode !== undefined ? ` · ${a.statusCode}` : ''}
          {a.durationMs !== undefined ? ` · ${Math.round(a.durationMs)} ms` : ''}
          {a.error ? ` · ${a.error}` : ''}
          {a.response ? <div className="truncate text-muted">answer: {a.response}</div> : null}
        </li>
      ))}
    </ol>
  );
}

function DeliveryLog({ channels }: { channels: ChannelView[] }) {
  const qc = useQueryClient();
  const [filter, setFilter] = useState({ channel: '', event: '', state: '' });
  const [open, setOpen] = useState<Set<string>>(new Set());
  const params = new URLSearchParams(Object.entries(filter).filter(([, v]) => v));
  const log = useQuery({
    queryKey: notificationKeys.deliveryLog(filter),
    queryFn: ({ signal }) =>
      api<{ deliveries: DeliveryView[] }>(`/api/v1/notifications/deliveries?${params}`, { signal }),
    refetchInterval: 3_000,
  });
  const again = useMutation({
    mutationFn: (id: string) => api(`/api/v1/notifications/deliveries/${id}/redeliver`, { body: {} }),
    onSettled: () => qc.invalidateQueries({ queryKey: notificationKeys.deliveries }),
  });
  const select = (name: keyof typeof filter, label: string, options: [string, string][]) => (
    <label className="text-sm">
      <span className="mb-1 block font-medium">{label}</span>
      <select
        className={inputClass}
        value={filter[name]}
        onChange={(e) => setFilter((f) => ({ ...f, [name]: e.target.value }))}
      >
        <option value="">All</option>
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
  const deliveries = log.data?.deliveries ?? [];
  const toggle = (id: string) =>
    setOpen((ids) => {
      const next = new Set(ids);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  return (
    <Card title="Delivery log">
      <div className="mb-4 grid gap-3 sm:grid-cols-3">
        {select(
          'channel',
          'Channel',
          channels.map((c) => [c.name, c.name]),
        )}
        {select(
          'event',
          'Event',
          [TEST_EVENT, ...EVENT_TYPE_NAMES].map((t) => [t, eventLabel(t)]),
        )}
        {select(
          'state',
          'State',
          STATES.map((s) => [s, s]),
        )}
      </div>
      {log.error ? <Alert>{log.error.message}</Alert> : null}
      {again.error ? <Alert className="mb-3">{again.error.message}</Alert> : null}
      {log.isPending ? <p className="text-sm text-muted">Loading deliveries…</p> : null}
      {log.data && deliveries.length === 0 ? <EmptyState title="No deliveries match" /> : null}
      {deliveries.length ? (
        <DataTable
          label="Deliveries"
          testId="delivery-log"
          rows={deliveries}
          rowKey={(d) => d.id}
          rowTestId={() => 'delivery'}
          rowData={(d) => ({ 'data-state': d.state })}
          detail={(d) =>
            open.has(d.id) ? (
              <>
                <p className="mb-1 font-mono text-xs text-muted">delivery {d.id}</p>
                <Attempts d={d} />
              </>
            ) : null
          }
          columns={[
            {
              key: 'when',
              header: 'When',
              cellClassName: 'font-mono text-xs',
              cell: (d) => when(d.createdAt),
            },
            {
              key: 'event',
              header: 'Event',
              rowHeader: true,
              cell: (d) => (
                <>
                  <div>{d.label}</div>
                  <div className="text-xs font-normal text-muted">{d.summary}</div>
                </>
              ),
            },
            {
              key: 'channel',
              header: 'Channel',
              cell: (d) => (
                <>
                  <span className="font-mono">{d.channel}</span>
                  {d.recipient ? <div className="text-xs text-muted">to {d.recipient}</div> : null}
                </>
              ),
            },
            {
              key: 'state',
              header: 'State',
              cell: (d) => (
                <>
                  <Badge tone={TONES[d.state]}>{d.state}</Badge>
                  {d.nextAttemptAt ? (
                    <div className="text-xs text-muted">next {when(d.nextAttemptAt)}</div>
                  ) : null}
                </>
              ),
            },
            {
              key: 'attempts',
              header: 'Attempts',
              align: 'right',
              cell: (d) => (
                <button
                  type="button"
                  className="tabular-nums text-brand-600 hover:underline"
                  aria-expanded={open.has(d.id)}
                  aria-label={`${open.has(d.id) ? 'Hide' : 'Show'} ${d.attempts} attempt${d.attempts === 1 ? '' : 's'} of this delivery`}
                  onClick={() => toggle(d.id)}
                >
                  {d.attempts}
                </button>
              ),
            },
            {
              key: 'actions',
              header: <span className="sr-only">Actions</span>,
              align: 'right',
              cell: (d) => (
                <Button
                  size="sm"
                  variant="ghost"
                  disabled={d.state === 'sending' || again.isPending}
                  onClick={() => again.mutate(d.id)}
                  aria-label={`Redeliver ${d.label} to ${d.channel}`}
                >
                  Redeliver
                </Button>
              ),
            },
          ]}
        />
      ) : null}
    </Card>
  );
}

export function NotificationsPanel({ channels }: { channels: ChannelView[] }) {
  return (
    <div className="space-y-6">
      <Channels channels={channels} />
      <DeliveryLog channels={channels} />
    </div>
  );
}
