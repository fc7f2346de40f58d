import type { z } from 'zod';
import { LiftoffError } from '@/lib/core/errors';
import { parseWith } from '@/lib/core/validate';

export const DEFAULT_MAX_BODY = 256 * 1024;
/** No request Liftoff understands nests deeper; deeper input only costs stack. */
export const MAX_JSON_DEPTH = 32;

const tooLarge = (max: number) =>
  new LiftoffError(
    'payload_too_large',
    `The request body is larger than the limit of ${Math.round(max / 1024)} KB.`,
  );

/**
 * Reads a request body as bytes, counting them as they arrive and stopping at `maxBytes`
 * with 413: a body without Content-Length (chunked) is never held whole before the check.
 */
export async function readBytes(req: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(req.headers.get('content-length') ?? 'NaN');
  if (declared > maxBytes) throw tooLarge(maxBytes);
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return chunks.length === 1 ? chunks[0]! : new Uint8Array(Buffer.concat(chunks));
}

/** Reads a request body as text, refusing more than `maxBytes` with 413. */
export async function readText(req: Request, maxBytes: number): Promise<string> {
  return new TextDecoder().decode(await readBytes(req, maxBytes));
}

/** The nesting depth of JSON text, counted without parsing (so without recursion). */
function jsonDepthExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/** JSON.parse for client input: 400 for bad JSON or nesting deeper than MAX_JSON_DEPTH. */
export function parseJsonText(text: string): unknown {
  if (jsonDepthExceeds(text, MAX_JSON_DEPTH)) {
    throw new LiftoffError('bad_request', `The JSON body nests deeper than ${MAX_JSON_DEPTH} levels.`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new LiftoffError('bad_request', 'The body is not valid JSON.');
  }
}

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
  return parseWith(schema, parseJsonText(await readText(req, opts?.maxBytes ?? DEFAULT_MAX_BODY)));
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
