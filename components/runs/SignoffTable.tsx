'use client';

import { useState } from 'react';
import { Badge } from '@/components/ui/Badge';
import { type Column, DataTable } from '@/components/ui/DataTable';
import { when } from '@/components/ui/when';
import type { SignoffView } from '@/lib/runs/types';

/** Role | Name | Date | Signature, as the checklists' own tables; stale rows are marked. */
export function SignoffTable({
  signoffs,
  myRoles,
  canSignNow,
  onSign,
  error,
}: {
  signoffs: SignoffView[];
  myRoles: string[];
  canSignNow: boolean;
  onSign: (role: string, comment?: string) => void;
  error?: string;
}) {
  const [comment, setComment] = useState('');
  const canSign = (s: SignoffView) => myRoles.includes(s.userRole);
  const columns: Column<SignoffView>[] = [
    { key: 'role', header: 'Role', rowHeader: true, cell: (s) => s.role },
    { key: 'name', header: 'Name', cell: (s) => s.name ?? '—' },
    { key: 'date', header: 'Date', cell: (s) => (s.at ? when(s.at).slice(0, 10) : '—') },
    {
      key: 'signature',
      header: 'Signature',
      cell: (s) => (
        <>
          {s.signature ? (
            <span className="inline-flex items-center gap-1">
              <code className="font-mono" title={s.signature}>
                {s.signature.slice(0, 10)}
              </code>
              {s.stale ? <Badge tone="warn">stale</Badge> : null}
            </span>
          ) : null}
          {(!s.signature || s.stale) && canSign(s) ? (
            <button
              type="button"
              disabled={!canSignNow}
              title={canSignNow ? undefined : 'The run must be completed first'}
              onClick={() => onSign(s.role, comment || undefined)}
              className="rounded bg-brand-600 px-2 py-0.5 font-medium text-white disabled:bg-slate-400"
            >
              {s.stale ? 'Re-sign' : 'Sign'}
            </button>
          ) : null}
          {!s.signature && !canSign(s) ? <span className="text-muted">—</span> : null}
        </>
      ),
    },
  ];
  return (
    <div>
      <DataTable
        label="Sign-off"
        density="compact"
        columns={columns}
        rows={signoffs}
        rowKey={(s) => s.role}
        rowTestId={(s) => `signoff-${s.role}`}
      />
      {signoffs.some((s) => (!s.signature || s.stale) && canSign(s)) && canSignNow ? (
        <label className="mt-2 block text-xs">
          <span className="sr-only">Sign-off comment</span>
          <input
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            placeholder="Optional comment with your signature"
            className="w-full rounded border border-slate-300 bg-transparent px-2 py-1 dark:border-slate-700"
          />
        </label>
      ) : null}
      {error ? (
        <p role="alert" className="mt-2 text-xs text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </div>
  );
}
