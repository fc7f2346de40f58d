import type { Metadata } from 'next';
import { PageHeader } from '@/components/shell/AppShell';
import { ImportForm } from '@/components/templates/ImportForm';
import { requirePrincipal } from '@/lib/auth/page';

export const metadata: Metadata = { title: 'Import a checklist' };

export default async function ImportPage() {
  await requirePrincipal(['engineer']);
  return (
    <>
      <PageHeader
        title="Import a checklist"
        description="Paste Markdown or plain text, pick a file, or drop one here. The preview shows exactly what Liftoff will make of it."
      />
      <ImportForm />
    </>
  );
}
