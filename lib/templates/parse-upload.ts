import type { Checklist } from '@/lib/checklist/model';
import { parseChecklist } from '@/lib/checklist/parse';
import { validateCheck } from '@/lib/checks';
import { LiftoffError } from '@/lib/core/errors';

export const MAX_TEMPLATE_BYTES = 2 * 1024 * 1024;

/**
 * Turns an uploaded checklist into a model, or the error a person needs: 413 too large,
 * 415 not text, 422 nothing checkable found.
 */
export function parseUpload(
  input: string | Uint8Array,
  filename?: string,
): { source: string; model: Checklist } {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input).byteLength : input.byteLength;
  if (bytes > MAX_TEMPLATE_BYTES) {
    throw new LiftoffError(
      'payload_too_large',
      'The checklist is larger than 2 MB. Split it into smaller checklists.',
    );
  }
  const result = parseChecklist(input, { filename });
  if (!result.ok) {
    const { code, message } = result.error;
    if (code === 'not_text') throw new LiftoffError('unsupported_media_type', message);
    if (code === 'too_large') throw new LiftoffError('payload_too_large', message);
    throw new LiftoffError('unprocessable', message);
  }
  checkBoundChecks(result.checklist);
  const source = typeof input === 'string' ? input : new TextDecoder('utf-8', { fatal: false }).decode(input);
  return { source, model: result.checklist };
}

/**
 * A bound check (and a rollback trigger's check) must parse: the template is refused with the
 * line and the bad token named.
 */
function checkBoundChecks(model: Checklist) {
  const bound = [
    ...model.items.map((i) => ({ line: i.line, check: i.check, what: 'check' })),
    ...(model.stages ?? []).flatMap((s) =>
      s.triggers.map((t) => ({ line: t.line, check: t.check, what: 'trigger' })),
    ),
  ];
  for (const { line, check, what } of bound) {
    if (!check) continue;
    const error = validateCheck(check);
    if (error) {
      throw new LiftoffError(
        'unprocessable',
        `Line ${line}: the ${what} "${check}" is not valid: ${error.message}`,
        {
          line,
          column: error.position,
          token: error.token,
        },
      );
    }
  }
}
