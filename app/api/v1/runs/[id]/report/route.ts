import { z } from 'zod';
import { json, route } from '@/lib/api/route';
import { parseWith } from '@/lib/core/validate';
import { getRun, reportJson, runReportMarkdown } from '@/lib/runs';
import { requireTemplate } from '@/lib/templates/store';

const Query = z.object({ format: z.enum(['md', 'json'], { message: 'must be md or json' }).default('md') });

/** The filled-in checklist: GFM Markdown (re-importable) or the run as data. */
export const GET = route<{ id: string }>('/api/v1/runs/:id/report', 'user', async ({ req, deps, params }) => {
  const { format } = parseWith(Query, Object.fromEntries(req.nextUrl.searchParams));
  const run = await getRun(deps.db, params.id);
  if (format === 'json') return json(reportJson(run));
  const template = await requireTemplate(deps.db, run.templateId, run.templateVersion);
  const slug = run.title.replace(/[^\w.-]+/g, '-').slice(0, 80) || 'run';
  return new Response(await runReportMarkdown(deps.db, run, template), {
    headers: {
      'content-type': 'text/markdown; charset=utf-8',
      'content-disposition': `inline; filename="${slug}.md"`,
    },
  });
});
