import type { z } from 'zod';
import { LiftoffError } from '@/lib/core/errors';
import { parseWith } from '@/lib/core/validate';

export const DEFAULT_MAX_BODY = 256 * 1024;

/** Reads a request body as text, refusing more than `maxBytes` with 413. */
export async function readText(req: Request, maxBytes: number): Promise<string> {
  const declared = Number(req.headers.get('content-length') ?? 'NaN');
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const buf = await req.arrayBuffer();
  if (buf.byteLength > maxBytes) throw tooLarge(maxBytes);
  return new TextDecoder().decode(buf);
}

const tooLarge = (max: number) =>
  new LiftoffError(
    'payload_too_large',
    `The request body is larger than the limit of ${Math.round(max / 1024)} KB.`,
  );

export async function readJson<S extends z.ZodType>(
  req: Request,
  schema: S,
  opts?: { maxBytes?: number },
): Promise<z.infer<S>> {
  const type = req.headers.get('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) {
    throw new LiftoffError(
      'unsupported_media_type',
      'Send the body as JSON with Content-Type: application/json.',
    );
  }
  const text = await readText(req, opts?.maxBytes ?? DEFAULT_MAX_BODY);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new LiftoffError('bad_request', 'The body is not valid JSON.');
  }
  return parseWith(schema, value);
}

/** An `If-Match: <version>` header (quotes allowed) as a number; 400 when it is not one. */
export function ifMatchVersion(req: Request): number | undefined {
  const header = req.headers.get('if-match');
  if (!header) return undefined;
  const version = Number(header.replace(/"/g, '').trim());
  if (!Number.isInteger(version) || version < 1)
    throw new LiftoffError('bad_request', 'If-Match must be the run version number.');
  return version;
}
