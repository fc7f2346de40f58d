import type { Metadata } from 'next';
import { cookies, headers } from 'next/headers';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { AuthCard } from '@/components/auth/AuthCard';
import { LoginForm } from '@/components/auth/LoginForm';
import { OrDivider, SsoButton } from '@/components/auth/SsoButton';
import { DatabaseUnavailable } from '@/components/shell/Unavailable';
import { Alert } from '@/components/ui/Alert';
import { authenticate } from '@/lib/auth/authenticate';
import { safeNext } from '@/lib/auth/next-path';
import { isSsoFailureReason, ssoFailureMessage } from '@/lib/auth/oidc/errors';
import { providerReachable } from '@/lib/auth/oidc/provider';
import { oidcSettings } from '@/lib/auth/oidc/settings';
import { needsSetup } from '@/lib/auth/setup';
import { env } from '@/lib/config/env';
import { databaseReachable } from '@/lib/health/check';
import { requestDeps } from '@/lib/server/deps';

export const metadata: Metadata = { title: 'Log in' };
export const dynamic = 'force-dynamic';

type Search = { next?: string; sso?: string; local?: string };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Search> }) {
  const params = await searchParams;
  const next = safeNext(params.next);
  if (!(await databaseReachable())) return <DatabaseUnavailable />;
  const sso = oidcSettings();
  const passwordLogin = env().LIFTOFF_PASSWORD_LOGIN;
  // With single sign-on the first people come from the provider (its groups make admins), so
  // /setup is offered, not forced; with password login off it is not offered at all.
  const firstRun = passwordLogin && (await needsSetup());
  if (firstRun && !sso) redirect('/setup');
  const [deps, c, h] = await Promise.all([requestDeps(), cookies(), headers()]);
  if (await authenticate(deps, h, (n) => c.get(n)?.value)) redirect(next);

  // Off: the form stays for break-glass admins, at /login?local.
  const showForm = passwordLogin || params.local !== undefined;
  const failure = isSsoFailureReason(params.sso) ? params.sso : null;
  const providerName = sso?.name ?? 'The identity provider';
  const reachable = sso ? await providerReachable(sso) : true;
  const unreachable = reachable
    ? undefined
    : `${ssoFailureMessage('unreachable', providerName)} ${showForm ? 'You can still log in with your password.' : 'Try again in a minute.'}`;
  return (
    <AuthCard
      title={failure && failure !== 'unreachable' ? 'Single sign-on failed' : 'Log in'}
      subtitle="Deployment checklists, live."
    >
      {failure && failure !== 'unreachable' ? (
        <Alert className="mb-4">{ssoFailureMessage(failure, providerName)}</Alert>
      ) : null}
      {sso ? <SsoButton name={sso.name} next={next} unreachable={unreachable} /> : null}
      {sso && showForm ? <OrDivider /> : null}
      {showForm ? (
        <>
          {passwordLogin ? null : (
            <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">Break-glass admin login.</p>
          )}
          <LoginForm next={next} />
        </>
      ) : null}
      {firstRun ? (
        <p className="mt-4 text-sm text-slate-600 dark:text-slate-400">
          No account exists yet.{' '}
          <Link href="/setup" className="font-medium text-brand-600 underline dark:text-brand-100">
            Create a local admin
          </Link>
          , or sign in with {sso?.name}: your groups decide your roles.
        </p>
      ) : null}
    </AuthCard>
  );
}
