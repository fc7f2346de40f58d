import type { ReactNode } from 'react';
import { AppShell } from '@/components/shell/AppShell';
import { DatabaseUnavailable } from '@/components/shell/Unavailable';
import { requirePrincipal } from '@/lib/auth/page';
import type { Principal } from '@/lib/auth/principal';
import { databaseReachable } from '@/lib/health/check';

export const dynamic = 'force-dynamic';

export default async function AppLayout({ children }: { children: ReactNode }) {
  let principal: Principal;
  try {
    principal = await requirePrincipal();
  } catch (err) {
    // redirect()/forbidden() signal by throwing: let those through, show the banner only for a dead database.
    if (await databaseReachable()) throw err;
    return <DatabaseUnavailable />;
  }
  return <AppShell principal={principal}>{children}</AppShell>;
}
