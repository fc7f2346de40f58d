'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import { Alert } from '@/components/ui/Alert';
import { Button } from '@/components/ui/Button';
import { TextField } from '@/components/ui/Input';
import { ApiError, api } from '@/lib/client/api';

export function SetupForm() {
  const router = useRouter();
  const [mismatch, setMismatch] = useState(false);
  const setup = useMutation({
    mutationFn: (body: Record<string, FormDataEntryValue | null>) => api('/api/v1/setup', { body }),
    onSuccess: () => {
      router.replace('/');
      router.refresh();
    },
  });
  // After a success the page is on its way: keep the button busy until it has gone.
  const busy = setup.isPending || setup.isSuccess;
  const error = mismatch
    ? 'The two passwords do not match.'
    : setup.error
      ? setup.error instanceof ApiError
        ? setup.error.message
        : 'Setup failed. Try again.'
      : null;

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const differ = form.get('password') !== form.get('confirm');
    setMismatch(differ);
    if (differ) return;
    setup.mutate({ name: form.get('name'), email: form.get('email'), password: form.get('password') });
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
