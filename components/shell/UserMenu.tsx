'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { api } from '@/lib/client/api';

export function UserMenu({ name, email, roles }: { name: string; email: string; roles: string[] }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const logout = async () => {
    setBusy(true);
    const out = await api<{ endSessionUrl?: string }>('/api/v1/auth/logout', { method: 'POST' }).catch(
      () => null,
    );
    // A single sign-on session ends at the provider too, which sends the browser back to /login.
    if (out?.endSessionUrl) {
      window.location.assign(out.endSessionUrl);
      return;
    }
    router.replace('/login');
    router.refresh();
  };
  return (
    <div className="flex items-center gap-3">
      <div className="md:text-right">
        <p className="text-sm font-medium leading-tight" data-testid="current-user">
          {name}
        </p>
        <p className="text-xs text-muted" title={email}>
          {roles.join(' · ')}
        </p>
      </div>
      <button
        type="button"
        onClick={logout}
        disabled={busy}
        className="rounded-md border border-slate-300 px-2.5 py-1.5 text-sm hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
      >
        {busy ? 'Logging out…' : 'Log out'}
      </button>
    </div>
  );
}
