import type { Metadata } from 'next';
import Link from 'next/link';
import { ApiKeysPanel } from '@/components/admin/ApiKeysPanel';
import { UsersPanel } from '@/components/admin/UsersPanel';
import { PageHeader } from '@/components/shell/AppShell';
import { oidcSettings } from '@/lib/auth/oidc/settings';
import { requirePrincipal } from '@/lib/auth/page';

export const metadata: Metadata = { title: 'Admin' };

export default async function AdminPage() {
  const me = await requirePrincipal(['admin']);
  return (
    <>
      <PageHeader
        title="Admin"
        description="People, their roles, and API keys for automation."
        action={
          <div className="flex gap-4">
            <Link
              href="/admin/targets"
              className="text-sm font-medium text-brand-600 underline dark:text-brand-100"
            >
              Probe targets
            </Link>
            <Link
              href="/admin/notifications"
              className="text-sm font-medium text-brand-600 underline dark:text-brand-100"
            >
              Notifications
            </Link>
          </div>
        }
      />
      <div className="space-y-6">
        <UsersPanel currentUserId={me.userId} ssoEnabled={oidcSettings() !== null} />
        <ApiKeysPanel />
      </div>
    </>
  );
}
