import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/components/shell/AppShell';
import { Badge } from '@/components/ui/Badge';
import { Card, EmptyState } from '@/components/ui/Card';
import { inputClass } from '@/components/ui/Input';
import { templatesPageData } from '@/lib/pages/data';

export const metadata: Metadata = { title: 'Templates' };

const importLink = (
  <Link
    href="/templates/import"
    className="rounded-md bg-brand-600 px-3.5 py-2 text-sm font-medium text-white hover:bg-brand-700"
  >
    Import a checklist
  </Link>
);

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
        {templates.length === 0 ? (
          <EmptyState
            title={q ? `No template matches “${q}”` : 'No templates yet'}
            action={canImport && !q ? importLink : undefined}
          >
            {q ? 'Try another name.' : 'Import the checklist you already use for deployments.'}
          </EmptyState>
        ) : (
          <table className="w-full text-left text-sm">
            <thead className="text-xs uppercase text-slate-500">
              <tr>
                <th className="pb-2 font-medium">Name</th>
                <th className="pb-2 text-right font-medium">Items</th>
                <th className="hidden pb-2 text-right font-medium sm:table-cell">Sections</th>
                <th className="hidden pb-2 text-right font-medium sm:table-cell">Fields</th>
                <th className="pb-2 text-right font-medium">Version</th>
                <th className="hidden pb-2 text-right font-medium md:table-cell">Updated</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
              {templates.map((t) => (
                <tr key={t.id}>
                  <td className="py-2.5">
                    <Link
                      href={`/templates/${t.id}`}
                      className="font-medium text-brand-600 hover:underline dark:text-brand-100"
                    >
                      {t.name}
                    </Link>{' '}
                    {t.builtin ? <Badge>built-in</Badge> : null}
                  </td>
                  <td className="py-2.5 text-right tabular-nums">{t.counts.items}</td>
                  <td className="hidden py-2.5 text-right tabular-nums sm:table-cell">{t.counts.sections}</td>
                  <td className="hidden py-2.5 text-right tabular-nums sm:table-cell">{t.counts.fields}</td>
                  <td className="py-2.5 text-right tabular-nums">v{t.version}</td>
                  <td className="hidden py-2.5 text-right text-slate-500 md:table-cell">
                    <time dateTime={t.updatedAt}>
                      {new Date(t.updatedAt).toISOString().slice(0, 16).replace('T', ' ')}
                    </time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </>
  );
}
