import { z } from 'zod';
import { LiftoffError } from '@/lib/core/errors';
import { parseWith } from '@/lib/core/validate';
import { MAX_TEMPLATE_BYTES } from '@/lib/templates/parse-upload';
import { parseJsonText, readBytes, readText } from './input';

const JsonBody = z.object({
  name: z.string().trim().max(200).optional(),
  markdown: z.string({ message: 'send the checklist text in "markdown"' }),
  filename: z.string().max(300).optional(),
});

export interface ChecklistBody {
  name?: string;
  filename?: string;
  content: string | Uint8Array;
}

/**
 * Reads a checklist from a request: raw Markdown or text (`text/markdown`, `text/plain`, with
 * `?name=`), or JSON `{ name, markdown }`. Raw bodies stay bytes so the parser can repair
 * their encoding.
 */
export async function readChecklistBody(req: Request): Promise<ChecklistBody> {
  const type = (req.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  const url = new URL(req.url);
  if (type === 'text/markdown' || type === 'text/plain' || type === 'text/x-markdown') {
    const buf = await readBytes(req, MAX_TEMPLATE_BYTES).catch((err: unknown) => {
      throw err instanceof LiftoffError && err.code === 'payload_too_large' ? tooLarge() : err;
    });
    return {
      name: url.searchParams.get('name') ?? undefined,
      filename: url.searchParams.get('filename') ?? undefined,
      content: buf,
    };
  }
  if (type === 'application/json') {
    // JSON escaping can grow text; the 2 MB limit applies to the checklist itself below.
    const body = parseWith(JsonBody, parseJsonText(await readText(req, MAX_TEMPLATE_BYTES * 2)));
    return { name: body.name, filename: body.filename, content: body.markdown };
  }
  throw new LiftoffError(
    'unsupported_media_type',
    'Send the checklist as text/markdown or text/plain, or as JSON { "name", "markdown" }.',
  );
}

const tooLarge = () =>
  new LiftoffError(
    'payload_too_large',
    'The checklist is larger than 2 MB. Split it into smaller checklists.',
  );
