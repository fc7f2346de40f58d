'use client';

import { useRouter } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import { Alert } from '@/components/ui/Alert';
import { Button } from '@/components/ui/Button';
import { TextField } from '@/components/ui/Input';
import { ApiError, api } from '@/lib/client/api';

export function SetupForm() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    if (form.get('password') !== form.get('confirm')) {
      setError('The two passwords do not match.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api('/api/v1/setup', {
        body: { name: form.get('name'), email: form.get('email'), password: form.get('password') },
      });
      router.replace('/');
      router.refresh();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Setup failed. Try again.');
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      {error ? <Alert>{error}</Alert> : null}
      <TextField id="name" name="name" label="Your name" autoComplete="name" required autoFocus />
      <TextField id="email" name="email" type="email" label="Email" autoComplete="username" required />
      <TextField
        id="password"
        name="password"
        type="password"
        label="Password"
        autoComplete="new-password"
        hint="At least 12 characters."
        required
        minLength={12}
      />
      <TextField
        id="confirm"
        name="confirm"
        type="password"
        label="Confirm password"
        autoComplete="new-password"
        required
      />
      <Button type="submit" className="w-full" disabled={busy}>
        {busy ? 'Creating…' : 'Create admin account'}
      </Button>
    </form>
  );
}
