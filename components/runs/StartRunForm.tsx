'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import { Alert } from '@/components/ui/Alert';
import { Button } from '@/components/ui/Button';
import { TextField } from '@/components/ui/Input';
import { api } from '@/lib/client/api';

/** Two clicks from a template to a live run: open the form, press Start. */
export function StartRunForm({
  templateId,
  templateName,
  version,
  environments,
  stages = 0,
  gatedByDefault = false,
}: {
  templateId: string;
  templateName: string;
  version: number;
  environments: string[];
  /** How many rollout stages the checklist has; with any, the run may gate them. */
  stages?: number;
  gatedByDefault?: boolean;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const start = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      api<{ id: string }>('/api/v1/runs', { body, headers: { 'Idempotency-Key': crypto.randomUUID() } }),
    onSuccess: (run) => router.push(`/runs/${run.id}`),
  });
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    start.mutate({
      templateId,
      templateVersion: version,
      title: f.get('title'),
      environment: f.get('environment') || undefined,
      version: String(f.get('version') ?? '').trim() || undefined,
      ...(stages > 0 ? { gated: f.get('gated') === 'on' } : {}),
    });
  };
  if (!open) return <Button onClick={() => setOpen(true)}>Start a run</Button>;
  return (
    <form
      onSubmit={submit}
      className="w-full max-w-xl space-y-3 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
      aria-label="Start a run"
    >
      {start.error ? <Alert>{start.error.message}</Alert> : null}
      <TextField
        id="run-title"
        name="title"
        label="Title"
        defaultValue={`${templateName} — ${new Date().toISOString().slice(0, 10)}`}
        required
        autoFocus
      />
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField
          id="run-env"
          name="environment"
          label="Environment"
          defaultValue={environments[0] ?? 'local'}
          list="run-envs"
          required
        />
        <datalist id="run-envs">
          {environments.map((e) => (
            <option key={e} value={e} />
          ))}
        </datalist>
        <TextField id="run-version" name="version" label="Release version" placeholder="e.g. v0.1.7" />
      </div>
      {stages > 0 ? (
        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" name="gated" defaultChecked={gatedByDefault} className="mt-1" />
          <span>
            Gate stages
            <span className="block text-xs text-muted">
              {stages} stages: each starts only when the one before has finished and its prerequisites are
              met; rollback triggers are watched while it runs.
            </span>
          </span>
        </label>
      ) : null}
      <div className="flex gap-2">
        <Button type="submit" disabled={start.isPending}>
          {start.isPending ? 'Starting…' : 'Start'}
        </Button>
        <Button variant="secondary" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
