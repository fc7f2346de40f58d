'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import { cx } from '@/components/ui/cx';
import { useDismiss } from '@/components/ui/useDismiss';
import { when } from '@/components/ui/when';
import { api } from '@/lib/client/api';
import { notificationKeys } from '@/lib/client/query-keys';
import type { Inbox } from '@/lib/notify/inbox';

const KEY = notificationKeys.inbox;

/**
 * The bell in the header: unread count, the newest notifications, live. A server-sent
 * `notification` refreshes it the moment something arrives; a slow poll covers a lost stream.
 */
export function NotificationBell() {
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const q = useQuery({
    queryKey: KEY,
    queryFn: ({ signal }) => api<Inbox>('/api/v1/notifications', { signal }),
    refetchInterval: 60_000,
  });
  const read = useMutation({
    mutationFn: (body: { ids: number[] } | { all: true }) => api('/api/v1/notifications/read', { body }),
    onSettled: () => qc.invalidateQueries({ queryKey: KEY }),
  });

  useEffect(() => {
    const stream = new EventSource('/api/v1/notifications/stream');
    stream.addEventListener('notification', () => void qc.invalidateQueries({ queryKey: KEY }));
    return () => stream.close();
  }, [qc]);

  useDismiss(open, box, () => setOpen(false));

  const unread = q.data?.unread ?? 0;
  const items = q.data?.items ?? [];
  return (
    <div ref={box} className="relative">
      <button
        type="button"
        onClick={() => setOpen((o) => !o)}
        aria-expanded={open}
        aria-label={unread ? `Notifications, ${unread} unread` : 'Notifications'}
        className="relative rounded-md px-2 py-1.5 text-slate-600 hover:bg-slate-200/60 dark:text-slate-300 dark:hover:bg-slate-800"
      >
        <svg
          aria-hidden="true"
          viewBox="0 0 24 24"
          className="h-5 w-5"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
        >
          <path d="M18 8a6 6 0 1 0-12 0c0 7-3 9-3 9h18s-3-2-3-9M13.7 21a2 2 0 0 1-3.4 0" />
        </svg>
        {unread ? (
          <span
            data-testid="notification-count"
            className="absolute -right-0.5 -top-0.5 min-w-4 rounded-full bg-red-600 px-1 text-center text-[10px] font-semibold leading-4 text-white"
          >
            {unread > 99 ? '99+' : unread}
          </span>
        ) : null}
      </button>
      {open ? (
        <section
          aria-label="Notifications"
          className="absolute right-0 z-50 mt-2 w-80 rounded-lg border border-slate-200 bg-white shadow-lg dark:border-slate-800 dark:bg-slate-900"
        >
          <header className="flex items-center justify-between border-b border-slate-200 px-3 py-2 dark:border-slate-800">
            <h2 className="text-sm font-semibold">Notifications</h2>
            {unread ? (
              <button
                type="button"
                className="text-xs text-brand-600 hover:underline"
                onClick={() => read.mutate({ all: true })}
              >
                Mark all read
              </button>
            ) : null}
          </header>
          {items.length === 0 ? (
            <p className="px-3 py-6 text-center text-sm text-muted">
              Nothing yet. Follow a run to hear about it here.
            </p>
          ) : (
            <ul className="max-h-96 divide-y divide-slate-200 overflow-y-auto dark:divide-slate-800">
              {items.map((n) => (
                <li key={n.id} data-testid="notification" data-read={n.read}>
                  <Link
                    href={n.href ?? '#'}
                    onClick={() => {
                      if (!n.read) read.mutate({ ids: [n.id] });
                      setOpen(false);
                    }}
                    className={cx(
                      'block px-3 py-2 text-sm hover:bg-slate-100 dark:hover:bg-slate-800',
                      !n.read && 'bg-brand-50/60 dark:bg-brand-700/10',
                    )}
                  >
                    <span className="block text-xs font-medium text-muted">
                      {n.label} · {when(n.at)}
                      {n.read ? null : <span className="sr-only"> (unread)</span>}
                    </span>
                    <span className={cx('block', !n.read && 'font-medium')}>{n.summary}</span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
    </div>
  );
}
