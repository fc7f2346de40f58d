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
import { countsAsProgress, gatedByDefault, stagePlan } from './stage-plan';
import { insertRolloutRows } from './stages';
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
    /**
     * Staged checklists: later stages stay locked until started. Default: on when any stage has
     * prerequisites or triggers.
     */
    gated: z.boolean().optional(),
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
      const plan = stagePlan(model);
      const gated = plan.stages.length > 0 && (body.gated ?? gatedByDefault(plan));
      const itemTotal = model.items.filter((i) => countsAsProgress(plan, i)).length;
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
          gated,
          createdBy: ctx.principal.userId,
        })
        .returning();
      for (let i = 0; i < model.items.length; i += ITEM_CHUNK) {
        await tx.insert(runItems).values(
          model.items.slice(i, i + ITEM_CHUNK).map((item) => {
            const place = plan.places.get(item.id);
            return {
              runId: id,
              itemId: item.id,
              reference: !countsAsProgress(plan, item),
              stageId: place?.stageId ?? null,
              stageRole: place?.role ?? null,
              everyMs: plan.everyMs.get(item.id) ?? null,
            };
          }),
        );
      }
      await insertRolloutRows(tx, id, plan, gated, actorOf(ctx.principal));
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
        firing: 0,
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
