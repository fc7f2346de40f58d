import type { Metadata } from 'next';
import Link from 'next/link';
import { NotificationsPanel } from '@/components/admin/NotificationsPanel';
import { PageHeader } from '@/components/shell/AppShell';
import { notificationsPageData } from '@/lib/pages/data';

export const metadata: Metadata = { title: 'Notifications' };

/** Channels (masked), a test message per channel, and the delivery log with Redeliver. */
export default async function NotificationsPage() {
  const { channels } = await notificationsPageData();
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
      <NotificationsPanel channels={channels} />
    </>
  );
}
