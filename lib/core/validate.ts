import type { z } from 'zod';
import { LiftoffError } from './errors';

/** Turns the first zod issue into one sentence that names the field. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'The request is not valid.';
  const where = issue.path.length ? issue.path.join('.') : 'body';
  return `${where}: ${issue.message}`;
}

/** Validates input at a boundary: the value, or `validation_failed` naming the first bad field. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new LiftoffError('validation_failed', describeIssue(result.error));
  return result.data;
}
