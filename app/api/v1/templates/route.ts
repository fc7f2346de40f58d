import { readChecklistBody } from '@/lib/api/checklist-body';
import { json, route } from '@/lib/api/route';
import { parseUpload } from '@/lib/templates/parse-upload';
import { importTemplate, listTemplates } from '@/lib/templates/store';

export const GET = route('/api/v1/templates', 'user', async ({ req, deps }) =>
  json({ templates: await listTemplates(deps.db, req.nextUrl.searchParams.get('q') ?? undefined) }),
);

/** Import: a new name makes a template; a known name adds a version with a change summary. */
export const POST = route('/api/v1/templates', ['engineer'], async ({ req, deps, principal }) => {
  const body = await readChecklistBody(req);
  const { source, model } = parseUpload(body.content, body.filename);
  const { template, created } = await importTemplate(deps.db, {
    name: body.name || model.title,
    source,
    model,
    actorId: principal.userId,
  });
  return json({ ...template, unchanged: !created }, created ? 201 : 200);
});
