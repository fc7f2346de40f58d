import { readChecklistBody } from '@/lib/api/checklist-body';
import { json, route } from '@/lib/api/route';
import { parseUpload } from '@/lib/templates/parse-upload';

/** Parses without storing: the import screen's live preview. */
export const POST = route('/api/v1/templates/preview', ['engineer'], async ({ req }) => {
  const body = await readChecklistBody(req);
  const { model } = parseUpload(body.content, body.filename);
  return json({ name: body.name || model.title, model });
});
