import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Markdown } from '@/components/markdown/Markdown';
import { PrintButton } from '@/components/runs/PrintButton';
import { reportPageData } from '@/lib/pages/data';

export const metadata: Metadata = { title: 'Run report' };
export const dynamic = 'force-dynamic';

/** The filled-in checklist on one page, no navigation: print it or save it as PDF. */
export default async function ReportPage({ params }: { params: Promise<{ id: string }> }) {
  const data = await reportPageData((await params).id);
  if (!data) notFound();
  const { run, markdown } = data;
  return (
    <main className="mx-auto max-w-3xl bg-white px-8 py-10 text-slate-900 print:max-w-none print:p-0">
      <div className="no-print mb-6 flex items-center justify-between text-sm">
        <a href={`/runs/${run.id}`} className="text-brand-600 underline">
          Back to the run
        </a>
        <span className="flex gap-3">
          <a href={`/api/v1/runs/${run.id}/report?format=md`} className="text-brand-600 underline">
            Markdown
          </a>
          <a href={`/api/v1/runs/${run.id}/report?format=json`} className="text-brand-600 underline">
            JSON
          </a>
          <PrintButton />
        </span>
      </div>
      <article className="text-sm leading-relaxed [&_h1]:text-2xl" data-testid="report">
        <Markdown text={markdown} />
      </article>
    </main>
  );
}
