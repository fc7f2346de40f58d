'use client';

import { useState } from 'react';
import { Badge } from '@/components/ui/Badge';
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
  return (
    <div>
      <table className="w-full text-left text-xs" aria-label="Sign-off">
        <thead className="text-muted">
          <tr>
            <th className="pb-1 font-medium">Role</th>
            <th className="pb-1 font-medium">Name</th>
            <th className="pb-1 font-medium">Date</th>
            <th className="pb-1 font-medium">Signature</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
          {signoffs.map((s) => (
            <tr key={s.role} data-testid={`signoff-${s.role}`}>
              <td className="py-1.5 pr-2 font-medium">{s.role}</td>
              <td className="py-1.5 pr-2">{s.name ?? '—'}</td>
              <td className="py-1.5 pr-2">{s.at ? when(s.at).slice(0, 10) : '—'}</td>
              <td className="py-1.5">
                {s.signature ? (
                  <span className="inline-flex items-center gap-1">
                    <code className="font-mono" title={s.signature}>
                      {s.signature.slice(0, 10)}
                    </code>
                    {s.stale ? <Badge tone="warn">stale</Badge> : null}
                  </span>
                ) : null}
                {(!s.signature || s.stale) && myRoles.includes(s.userRole) ? (
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
                {!s.signature && !myRoles.includes(s.userRole) ? <span className="text-muted">—</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {signoffs.some((s) => (!s.signature || s.stale) && myRoles.includes(s.userRole)) && canSignNow ? (
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
