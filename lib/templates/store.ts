import { randomUUID } from 'node:crypto';
import { and, desc, eq, ilike, sql } from 'drizzle-orm';
import { sha256 } from '@/lib/auth/crypto';
import { diffChecklists } from '@/lib/checklist/diff';
import type { Checklist } from '@/lib/checklist/model';
import { LiftoffError } from '@/lib/core/errors';
import type { Db } from '@/lib/db/client';
import { isUniqueViolation } from '@/lib/db/errors';
import { templates, templateVersions, type VersionChanges } from '@/lib/db/schema';

export interface TemplateSummary {
  id: string;
  name: string;
  version: number;
  builtin: boolean;
  counts: Checklist['counts'];
  updatedAt: string;
}

export interface TemplateVersion {
  id: string;
  name: string;
  version: number;
  latestVersion: number;
  builtin: boolean;
  source: string;
  model: Checklist;
  changes: VersionChanges | null;
  createdAt: string;
  versions: { version: number; createdAt: string; changes: VersionChanges | null }[];
}

export interface ImportResult {
  template: TemplateVersion;
  /** false when the same text was imported again: nothing new was stored. */
  created: boolean;
}

const nameKeyOf = (name: string) => name.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * Stores a parsed checklist under a name. A new name makes a template at version 1; a known
 * name gets the next version with the added / removed / changed items against the previous
 * one. Importing identical text again stores nothing.
 */
export async function importTemplate(
  db: Db,
  input: { name: string; source: string; model: Checklist; actorId: string | null; builtin?: boolean },
): Promise<ImportResult> {
  const name = input.name.trim().replace(/\s+/g, ' ').slice(0, 200);
  if (!name) throw new LiftoffError('validation_failed', 'name: give the template a name');
  const nameKey = nameKeyOf(name);
  const sourceHash = sha256(input.source);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const outcome = await db.transaction(async (tx) => {
        const [existing] = await tx
          .select()
          .from(templates)
          .where(eq(templates.nameKey, nameKey))
          .for('update');
        if (!existing) {
          const id = randomUUID();
          await tx.insert(templates).values({
            id,
            name,
            nameKey,
            latestVersion: 1,
            builtin: input.builtin ?? false,
            createdBy: input.actorId,
          });
          await tx.insert(templateVersions).values({
            templateId: id,
            version: 1,
            source: input.source,
            sourceHash,
            model: input.model,
            changes: null,
            createdBy: input.actorId,
          });
          return { id, version: 1, created: true };
        }
        const [previous] = await tx
          .select()
          .from(templateVersions)
          .where(
            and(
              eq(templateVersions.templateId, existing.id),
              eq(templateVersions.version, existing.latestVersion),
            ),
          );
        if (previous?.sourceHash === sourceHash)
          return { id: existing.id, version: existing.latestVersion, created: false };
        const version = existing.latestVersion + 1;
        const changes = previous ? diffChecklists(previous.model, input.model) : null;
        await tx.insert(templateVersions).values({
          templateId: existing.id,
          version,
          source: input.source,
          sourceHash,
          model: input.model,
          changes,
          createdBy: input.actorId,
        });
        await tx
          .update(templates)
          .set({ latestVersion: version, name, updatedAt: new Date() })
          .where(eq(templates.id, existing.id));
        return { id: existing.id, version, created: true };
      });
      const template = await getTemplate(db, outcome.id, outcome.version);
      return { template: template!, created: outcome.created };
    } catch (err) {
      // Two first imports of one name raced: the loser retries and becomes version 2.
      if (!isUniqueViolation(err)) throw err;
    }
  }
  throw new LiftoffError('conflict', 'The template was being changed by someone else; try again.');
}

export async function listTemplates(db: Db, query?: string): Promise<TemplateSummary[]> {
  const q = query?.trim();
  const rows = await db
    .select({ t: templates, model: templateVersions.model })
    .from(templates)
    .innerJoin(
      templateVersions,
      and(
        eq(templateVersions.templateId, templates.id),
        eq(templateVersions.version, templates.latestVersion),
      ),
    )
    .where(q ? ilike(templates.name, `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`) : undefined)
    .orderBy(desc(templates.updatedAt));
  return rows.map(({ t, model }) => ({
    id: t.id,
    name: t.name,
    version: t.latestVersion,
    builtin: t.builtin,
    counts: model.counts,
    updatedAt: t.updatedAt.toISOString(),
  }));
}

/** A template at one version (the latest when none is given), with its version history. */
export async function getTemplate(db: Db, id: string, version?: number): Promise<TemplateVersion | null> {
  const [t] = await db.select().from(templates).where(eq(templates.id, id));
  if (!t) return null;
  const wanted = version ?? t.latestVersion;
  const [v] = await db
    .select()
    .from(templateVersions)
    .where(and(eq(templateVersions.templateId, id), eq(templateVersions.version, wanted)));
  if (!v) return null;
  const history = await db
    .select({
      version: templateVersions.version,
      createdAt: templateVersions.createdAt,
      changes: templateVersions.changes,
    })
    .from(templateVersions)
    .where(eq(templateVersions.templateId, id))
    .orderBy(desc(templateVersions.version));
  return {
    id: t.id,
    name: t.name,
    version: v.version,
    latestVersion: t.latestVersion,
    builtin: t.builtin,
    source: v.source,
    model: v.model,
    changes: v.changes,
    createdAt: v.createdAt.toISOString(),
    versions: history.map((h) => ({
      version: h.version,
      createdAt: h.createdAt.toISOString(),
      changes: h.changes,
    })),
  };
}

export async function requireTemplate(db: Db, id: string, version?: number): Promise<TemplateVersion> {
  const t = await getTemplate(db, id, version);
  if (!t)
    throw new LiftoffError(
      'not_found',
      version ? `That template has no version ${version}.` : 'That template does not exist.',
    );
  return t;
}

export async function countTemplates(db: Db): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(templates);
  return row?.n ?? 0;
}
