import type { Metadata } from 'next';
import { PageHeader } from '@/components/shell/AppShell';
import { Card, EmptyState } from '@/components/ui/Card';

export const metadata: Metadata = { title: 'Runs' };

export default function RunsPage() {
  return (
    <>
      <PageHeader title="Runs" description="Every execution of a checklist, live." />
      <Card>
        <EmptyState title="No runs yet">Runs start from a template.</EmptyState>
      </Card>
    </>
  );
}
