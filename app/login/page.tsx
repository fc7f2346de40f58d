import type { Metadata } from 'next';
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { AuthCard } from '@/components/auth/AuthCard';
import { LoginForm } from '@/components/auth/LoginForm';
import { DatabaseUnavailable } from '@/components/shell/Unavailable';
import { authenticate } from '@/lib/auth/authenticate';
import { safeNext } from '@/lib/auth/next-path';
import { needsSetup } from '@/lib/auth/setup';
import { databaseReachable } from '@/lib/health/check';
import { appDeps } from '@/lib/server/deps';

export const metadata: Metadata = { title: 'Log in' };
export const dynamic = 'force-dynamic';

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const next = safeNext((await searchParams).next);
  if (!(await databaseReachable())) return <DatabaseUnavailable />;
  if (await needsSetup()) redirect('/setup');
  const [deps, c, h] = await Promise.all([appDeps(), cookies(), headers()]);
  if (await authenticate(deps, h, (n) => c.get(n)?.value)) redirect(next);
  return (
    <AuthCard title="Log in" subtitle="Deployment checklists, live.">
      <LoginForm next={next} />
    </AuthCard>
  );
}
