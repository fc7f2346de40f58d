import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AuthCard } from '@/components/auth/AuthCard';
import { SetupForm } from '@/components/auth/SetupForm';
import { DatabaseUnavailable } from '@/components/shell/Unavailable';
import { needsSetup } from '@/lib/auth/setup';
import { env } from '@/lib/config/env';
import { databaseReachable } from '@/lib/health/check';

export const metadata: Metadata = { title: 'Set up' };
export const dynamic = 'force-dynamic';

/** Exists only while nobody has an account; afterwards it sends people to the login page. */
export default async function SetupPage() {
  if (!(await databaseReachable())) return <DatabaseUnavailable />;
  // With password login off, nobody could use a password admin: the provider's groups make admins.
  if (!env().LIFTOFF_PASSWORD_LOGIN || !(await needsSetup())) redirect('/login');
  return (
    <AuthCard
      title="Welcome to Liftoff"
      subtitle="Create the first admin account. You can add teammates afterwards."
    >
      <SetupForm />
    </AuthCard>
  );
}
