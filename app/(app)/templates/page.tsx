import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/components/shell/AppShell';
import { Badge } from '@/components/ui/Badge';
import { Card, EmptyState } from '@/components/ui/Card';
import { type Column, DataTable } from '@/components/ui/DataTable';
import { inputClass } from '@/components/ui/Input';
import { when } from '@/components/ui/when';
import { templatesPageData } from '@/lib/pages/data';
import type { TemplateSummary } from '@/lib/templates/store';

export const metadata: Metadata = { title: 'Templates' };

const importLink = (
  <Link
    href="/templates/import"
    className="rounded-md bg-brand-600 px-3.5 py-2 text-sm font-medium text-white hover:bg-brand-700"
  >
    Import a checklist
  </Link>
);

/** A right-aligned number column. */
const count = (
  key: string,
  header: string,
  of: (t: TemplateSummary) => number,
  className?: string,
): Column<TemplateSummary> => ({
  key,
  header,
  align: 'right',
  className,
  cellClassName: 'tabular-nums',
  cell: of,
});

const COLUMNS: Column<TemplateSummary>[] = [
  {
    key: 'name',
    header: 'Name',
    rowHeader: true,
    cell: (t) => (
      <>
        <Link
          href={`/templates/${t.id}`}
          className="font-medium text-brand-600 hover:underline dark:text-brand-100"
        >
          {t.name}
        </Link>{' '}
        {t.builtin ? <Badge>built-in</Badge> : null}
      </>
    ),
  },
  count('items', 'Items', (t) => t.counts.items),
  count('sections', 'Sections', (t) => t.counts.sections, 'hidden sm:table-cell'),
  count('fields', 'Fields', (t) => t.counts.fields, 'hidden sm:table-cell'),
  {
    key: 'version',
    header: 'Version',
    align: 'right',
    cellClassName: 'tabular-nums',
    cell: (t) => `v${t.version}`,
  },
  {
    key: 'updated',
    header: 'Updated',
    align: 'right',
    className: 'hidden md:table-cell',
    cellClassName: 'text-muted',
    cell: (t) => <time dateTime={t.updatedAt}>{when(t.updatedAt)}</time>,
  },
];

export default async function TemplatesPage({ searchParams }: { searchParams: Promise<{ q?: string }> }) {
  const { q } = await searchParams;
  const { templates, canImport } = await templatesPageData(q);
  return (
    <>
      <PageHeader
        title="Templates"
        description="Your deployment checklists, imported from Markdown or plain text. Each import of the same name adds a version."
        action={canImport ? importLink : undefined}
      />
      <Card>
        <form aria-label="Search templates" className="mb-4 flex gap-2" action="/templates">
          <label htmlFor="q" className="sr-only">
            Search templates
          </label>
          <input id="q" name="q" defaultValue={q} placeholder="Search by name…" className={inputClass} />
          <button
            type="submit"
            className="rounded-md border border-slate-300 px-3 text-sm dark:border-slate-700"
          >
            Search
          </button>
        </form>
        <DataTable
          label="Templates"
          columns={COLUMNS}
          rows={templates}
          rowKey={(t) => t.id}
          empty={
            <EmptyState
              title={q ? `No template matches “${q}”` : 'No templates yet'}
              action={canImport && !q ? importLink : undefined}
            >
              {q ? 'Try another name.' : 'Import the checklist you already use for deployments.'}
            </EmptyState>
          }
        />
      </Card>
    </>
  );
}
