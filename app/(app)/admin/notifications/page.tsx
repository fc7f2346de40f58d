import type { Metadata } from 'next';
import Link from 'next/link';
import { NotificationsPanel } from '@/components/admin/NotificationsPanel';
import { PageHeader } from '@/components/shell/AppShell';
import { requirePrincipal } from '@/lib/auth/page';
import { notificationsConfig } from '@/lib/config/notifications';
import { channelViews } from '@/lib/notify';

export const metadata: Metadata = { title: 'Notifications' };

/** Channels (masked), a test message per channel, and the delivery log with Redeliver. */
export default async function NotificationsPage() {
  await requirePrincipal(['admin']);
  return (
    <>
      <PageHeader
        title="Notifications"
        description="Channels come from the notifications section of the targets file; URLs and secrets are masked."
        action={
          <Link href="/admin" className="text-sm text-brand-600 underline">
            Back to Admin
          </Link>
        }
      />
      <NotificationsPanel channels={channelViews(notificationsConfig())} />
    </>
  );
}
