'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import type { FormEvent } from 'react';
import { Alert } from '@/components/ui/Alert';
import { Button } from '@/components/ui/Button';
import { TextField } from '@/components/ui/Input';
import { ApiError, api } from '@/lib/client/api';

export function LoginForm({ next }: { next: string }) {
  const router = useRouter();
  const login = useMutation({
    mutationFn: (body: { email: FormDataEntryValue | null; password: FormDataEntryValue | null }) =>
      api('/api/v1/auth/login', { body }),
    onSuccess: () => {
      router.replace(next);
      router.refresh();
    },
  });
  // After a success the page is on its way: keep the button busy until it has gone.
  const busy = login.isPending || login.isSuccess;
  const error = login.error
    ? login.error instanceof ApiError
      ? login.error.message
      : 'Login failed. Try again.'
    : null;

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    login.mutate({ email: form.get('email'), password: form.get('password') });
  };

  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      {error ? <Alert>{error}</Alert> : null}
      <TextField
        id="email"
        name="email"
        type="email"
        label="Email"
        autoComplete="username"
        required
        autoFocus
      />
      <TextField
        id="password"
        name="password"
        type="password"
        label="Password"
        autoComplete="current-password"
        required
      />
      <Button type="submit" className="w-full" disabled={busy}>
        {busy ? 'Logging in…' : 'Log in'}
      </Button>
    </form>
  );
}
