'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Alert } from '@/components/ui/Alert';
import { Badge } from '@/components/ui/Badge';
import { Button } from '@/components/ui/Button';
import { Card, EmptyState } from '@/components/ui/Card';
import { TextField } from '@/components/ui/Input';
import type { ApiKeyInfo } from '@/lib/auth/apikeys';
import { api } from '@/lib/client/api';
import { adminKeys } from '@/lib/client/query-keys';

export function ApiKeysPanel() {
  const qc = useQueryClient();
  const [created, setCreated] = useState<string | null>(null);
  const keys = useQuery({
    queryKey: adminKeys.apiKeys,
    queryFn: ({ signal }) => api<{ keys: ApiKeyInfo[] }>('/api/v1/apikeys', { signal }),
  });
  const create = useMutation({
    mutationFn: (body: unknown) => api<{ key: string }>('/api/v1/apikeys', { body }),
    onSuccess: (r) => {
      setCreated(r.key);
      qc.invalidateQueries({ queryKey: adminKeys.apiKeys });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api(`/api/v1/apikeys/${id}`, { method: 'DELETE' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: adminKeys.apiKeys }),
  });
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    create.mutate({ email: f.get('email'), name: f.get('name') });
    e.currentTarget.reset();
  };
  return (
    <Card title="API keys">
      <form
        onSubmit={submit}
        className="mb-4 grid items-end gap-3 sm:grid-cols-[1fr_1fr_auto]"
        aria-label="Create an API key"
      >
        <TextField id="key-email" name="email" type="email" label="Acts as (user email)" required />
        <TextField id="key-name" name="name" label="Key name" placeholder="e.g. deploy pipeline" required />
        <Button type="submit" disabled={create.isPending}>
          Create key
        </Button>
      </form>
      {create.error ? <Alert className="mb-4">{create.error.message}</Alert> : null}
      {created ? (
        <Alert tone="ok" className="mb-4">
          <p className="font-medium">Copy this key now; it will not be shown again.</p>
          <code className="mt-1 block break-all font-mono text-xs" data-testid="new-api-key">
            {created}
          </code>
        </Alert>
      ) : null}
      {revoke.error ? <Alert className="mb-4">{revoke.error.message}</Alert> : null}
      {keys.isPending ? <p className="text-sm text-muted">Loading keys…</p> : null}
      {keys.error ? <Alert>{keys.error.message}</Alert> : null}
      {keys.data?.keys.length === 0 ? (
        <EmptyState title="No API keys">Create one for a CI/CD pipeline to drive runs.</EmptyState>
      ) : null}
      {keys.data?.keys.length ? (
        <ul className="divide-y divide-slate-200 text-sm dark:divide-slate-800">
          {keys.data.keys.map((k) => (
            <li key={k.id} className="flex items-center justify-between gap-3 py-2">
              <div>
                <p className="font-medium">
                  {k.name} <code className="font-mono text-xs text-muted">{k.prefix}…</code>
                </p>
                <p className="text-xs text-muted">
                  {k.userEmail} · created {new Date(k.createdAt).toLocaleString()}
                  {k.lastUsedAt ? ` · last used ${new Date(k.lastUsedAt).toLocaleString()}` : ' · never used'}
                </p>
              </div>
              {k.revokedAt ? (
                <Badge tone="bad">revoked</Badge>
              ) : (
                <Button
                  size="sm"
                  variant="danger"
                  onClick={() => revoke.mutate(k.id)}
                  disabled={revoke.isPending}
                  aria-label={`Revoke ${k.name}`}
                >
                  Revoke
                </Button>
              )}
            </li>
          ))}
        </ul>
      ) : null}
    </Card>
  );
}
