/** Field values (deployed by, version, benchmark figures), checked against the template's field kinds. */
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Field } from '@/lib/checklist/model';
import { LiftoffError } from '@/lib/core/errors';
import { parseWith } from '@/lib/core/validate';
import type { Db } from '@/lib/db/client';
import { runs } from '@/lib/db/schema';
import { appendEvent } from './audit';
import { actorOf, requireRunWriter, type WriteContext } from './context';
import { fieldsWithDefaults } from './read';
import { lockRun } from './run-lock';
import { editableFields, templateModel } from './template-model';
import type { FieldValue, RunEvent, WriteResult } from './types';
import { runWrite } from './write';

const MAX_TEXT = 2000;
const cell = z.string().max(MAX_TEXT, `must be at most ${MAX_TEXT} characters`);

const fieldValue = z.union([cell, z.array(cell).max(100), z.record(z.string(), z.record(z.string(), cell))]);

export const fieldInput = z.strictObject({
  value: fieldValue,
  expectedVersion: z.number().int().positive().optional(),
});
export type FieldInput = z.input<typeof fieldInput>;

/** `PATCH …/fields`: `{ "<key>": value, ... }`, at most 200 fields at once. */
export const fieldsPatchInput = z
  .record(z.string().max(200), fieldValue)
  .refine((b) => Object.keys(b).length > 0, 'send at least one field')
  .refine((b) => Object.keys(b).length <= 200, 'send at most 200 fields at once');
export type FieldsPatch = z.input<typeof fieldsPatchInput>;

const invalid = (field: Field, why: string) =>
  new LiftoffError('unprocessable', `${field.label}: ${why}`, { field: field.key });

/** Normalises a value for its field's kind: text is trimmed, choices follow the option order. */
export function valueFor(field: Field, value: FieldValue): FieldValue {
  switch (field.kind) {
    case 'choice': {
      const picked = typeof value === 'string' ? (value ? [value] : []) : value;
      if (!Array.isArray(picked)) throw invalid(field, 'pick options from the list');
      const options = field.options ?? [];
      if (!options.length) return [...new Set(picked.map((p) => p.trim()).filter(Boolean))];
      const unknown = picked.filter((p) => !options.includes(p));
      if (unknown.length) throw invalid(field, `"${unknown[0]}" is not one of ${options.join(', ')}`);
      return options.filter((o) => picked.includes(o));
    }
    case 'table': {
      if (typeof value !== 'object' || Array.isArray(value))
        throw invalid(field, 'send the table as { row: { column: value } }');
      const rows = field.rows ?? [];
      const columns = field.columns ?? [];
      const out: Record<string, Record<string, string>> = {};
      for (const [row, cells] of Object.entries(value)) {
        if (rows.length && !rows.includes(row)) throw invalid(field, `the table has no row "${row}"`);
        for (const [col, v] of Object.entries(cells)) {
          if (columns.length && !columns.includes(col))
            throw invalid(field, `the table has no column "${col}"`);
          const text = v.trim();
          if (!text) continue;
          out[row] = { ...out[row], [col]: text };
        }
      }
      return out;
    }
    default: {
      if (typeof value !== 'string') throw invalid(field, 'send text');
      return value.trim();
    }
  }
}

export interface FieldWriteResult {
  fields: Record<string, FieldValue>;
  version: number;
  /** null when the value did not change. */
  event: RunEvent | null;
}

/** Sets one field of a run; run-level, so it carries the run's version. */
export async function setField(
  db: Db,
  ctx: WriteContext,
  runId: string,
  key: string,
  input: FieldInput,
): Promise<WriteResult<FieldWriteResult>> {
  requireRunWriter(ctx.principal, 'fill in fields');
  const body = parseWith(fieldInput, input);
  return runWrite(db, ctx, { op: 'field.set', runId, key, body }, async (tx) => {
    const run = await lockRun(tx, runId, body.expectedVersion);
    const model = await templateModel(tx, run.templateId, run.templateVersion);
    const field = editableFields(model).find((f) => f.key === key);
    if (!field) throw new LiftoffError('not_found', `This run has no field "${key}".`);
    const current = fieldsWithDefaults(model, run.fields);
    const value = valueFor(field, body.value);
    const before = current[key] ?? null;
    if (JSON.stringify(before) === JSON.stringify(value)) {
      return { fields: current, version: run.version, event: null };
    }
    const [updated] = await tx
      .update(runs)
      .set({
        fields: { ...run.fields, [key]: value },
        version: sql`${runs.version} + 1`,
        startedAt: sql`coalesce(${runs.startedAt}, now())`,
      })
      .where(eq(runs.id, runId))
      .returning({ version: runs.version, fields: runs.fields });
    const event = await appendEvent(tx, {
      runId,
      action: 'field.set',
      actor: actorOf(ctx.principal),
      subject: key,
      before,
      after: value,
      requestId: ctx.requestId,
    });
    return { fields: fieldsWithDefaults(model, updated!.fields), version: updated!.version, event };
  });
}

/**
 * Sets several fields, each its own audited change (and its own idempotency key, derived from
 * the request's). `expectedVersion` (the client's If-Match) guards the first against a stale
 * view; the later ones follow it. Returns every field and the run's version afterwards.
 */
export async function setFields(
  db: Db,
  ctx: WriteContext,
  runId: string,
  values: FieldsPatch,
  expectedVersion?: number,
): Promise<{ fields: Record<string, FieldValue>; version: number }> {
  let last: FieldWriteResult | null = null;
  for (const [key, value] of Object.entries(parseWith(fieldsPatchInput, values))) {
    const keyed = ctx.idempotencyKey ? { ...ctx, idempotencyKey: `${ctx.idempotencyKey}:${key}` } : ctx;
    const guard = last === null && expectedVersion !== undefined ? { expectedVersion } : {};
    last = await setField(db, keyed, runId, key, { value, ...guard });
  }
  return { fields: last!.fields, version: last!.version };
}
