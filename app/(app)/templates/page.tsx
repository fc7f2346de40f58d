import type { Metadata } from 'next';
import { PageHeader } from '@/components/shell/AppShell';
import { Card, EmptyState } from '@/components/ui/Card';

export const metadata: Metadata = { title: 'Templates' };

export default function TemplatesPage() {
  return (
    <>
      <PageHeader title="Templates" description="Your deployment checklists, imported from Markdown." />
      <Card>
        <EmptyState title="No templates yet">Imported checklists will be listed here.</EmptyState>
      </Card>
    </>
  );
}
