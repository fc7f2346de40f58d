import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Field } from '@/lib/checklist/model';
import { parseWith } from '@/lib/core/validate';
import type { Db } from '@/lib/db/client';
import { runItems, runs } from '@/lib/db/schema';
import { requireTemplate } from '@/lib/templates/store';
import { appendEvent } from './audit';
import { actorOf, requireRunWriter, type WriteContext } from './context';
import { signoffRolesOf } from './signoff-roles';
import type { RunEvent, RunSummary, WriteResult } from './types';
import { runWrite } from './write';

const releaseVersion = z
  .string()
  .trim()
  .max(100, 'must be at most 100 characters')
  .optional()
  .transform((s) => s || undefined);

/** `version` is the API's name for the release version (`releaseVersion` is accepted too). */
export const createRunInput = z
  .object({
    templateId: z.string().min(1, 'choose a template').max(100),
    /** The template's latest version when omitted; the run keeps this version for good. */
    templateVersion: z.number().int().positive().optional(),
    title: z
      .string()
      .transform((s) => s.trim().replace(/\s+/g, ' '))
      .pipe(z.string().min(1, 'give the run a title').max(200, 'must be at most 200 characters')),
    environment: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/, 'use letters, digits, ".", "_" or "-" (at most 63)')
      .default('local'),
    version: releaseVersion,
    releaseVersion,
  })
  .transform(({ version, releaseVersion, ...rest }) => ({
    ...rest,
    releaseVersion: version ?? releaseVersion,
  }));
export type CreateRunInput = z.input<typeof createRunInput>;

// Stays well under PostgreSQL's 65,535 bind parameters per statement.
const ITEM_CHUNK = 2000;

export interface CreateRunResult {
  run: RunSummary;
  event: RunEvent;
}

/** The checklist's own "Version" / "Release version" blank starts as the run's release version. */
export function prefilledFields(
  fields: readonly Field[],
  releaseVersion: string | undefined,
): Record<string, string> {
  if (!releaseVersion) return {};
  const version = fields.find(
    (f) => f.kind === 'text' && /^(release|deploy(ment)?|app(lication)?)?\s*version$/i.test(f.label.trim()),
  );
  return version ? { [version.key]: releaseVersion } : {};
}

/** Starts a run of one template version: every item open, every field empty. */
export async function createRun(
  db: Db,
  ctx: WriteContext,
  input: CreateRunInput,
): Promise<WriteResult<CreateRunResult>> {
  requireRunWriter(ctx.principal, 'start runs');
  const body = parseWith(createRunInput, input);
  const template = await requireTemplate(db, body.templateId, body.templateVersion);
  const model = template.model;
  return runWrite(
    db,
    ctx,
    // The request as sent: a retry stays the same request even if the template gained a version since.
    { op: 'run.create', body },
    async (tx) => {
      const id = randomUUID();
      const itemTotal = model.items.filter((i) => !i.reference).length;
      const [run] = await tx
        .insert(runs)
        .values({
          id,
          templateId: template.id,
          templateVersion: template.version,
          title: body.title,
          environment: body.environment,
          releaseVersion: body.releaseVersion ?? null,
          fields: prefilledFields(model.fields, body.releaseVersion),
          itemTotal,
          createdBy: ctx.principal.userId,
        })
        .returning();
      for (let i = 0; i < model.items.length; i += ITEM_CHUNK) {
        await tx
          .insert(runItems)
          .values(
            model.items
              .slice(i, i + ITEM_CHUNK)
              .map((item) => ({ runId: id, itemId: item.id, reference: item.reference })),
          );
      }
      const summary: RunSummary = {
        id,
        status: 'not_started',
        version: run!.version,
        title: body.title,
        environment: body.environment,
        ...(body.releaseVersion ? { releaseVersion: body.releaseVersion } : {}),
        templateId: template.id,
        templateVersion: template.version,
        templateName: template.name,
        createdAt: run!.createdAt.toISOString(),
        progress: { done: 0, total: itemTotal },
        signoffs: { signed: 0, total: signoffRolesOf(model.signoff.roles).length },
      };
      const event = await appendEvent(tx, {
        runId: id,
        action: 'run.create',
        actor: actorOf(ctx.principal),
        before: null,
        after: {
          title: summary.title,
          environment: summary.environment,
          releaseVersion: summary.releaseVersion ?? null,
          templateId: summary.templateId,
          templateVersion: summary.templateVersion,
        },
        requestId: ctx.requestId,
      });
      return { run: summary, event };
    },
  );
}
