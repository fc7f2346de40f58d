import 'server-only';
import { requirePrincipal } from '@/lib/auth/page';
import { hasAnyRole } from '@/lib/auth/roles';
import { notificationsConfig } from '@/lib/config/notifications';
import { environmentNames, publicTargets, targetsConfig } from '@/lib/config/targets';
import { getDb } from '@/lib/db/client';
import { healthOverview } from '@/lib/monitor';
import { channelViews } from '@/lib/notify';
import { probeRoleWarnings } from '@/lib/probes';
import { findRun, listRuns, RUN_STATUSES, type RunStatus, runReportMarkdown } from '@/lib/runs';
import { getTemplate, listTemplates, requireTemplate } from '@/lib/templates/store';

/**
 * What each page reads. Every function asks for the principal itself (one cached lookup per
 * request), so no page can hand out data without a session, whatever renders it: a client
 * navigation renders a page without its layout.
 */

export async function overviewData() {
  await requirePrincipal();
  const db = await getDb();
  const envs = environmentNames(targetsConfig());
  const [runs, health] = await Promise.all([
    listRuns(db, { limit: 200 }),
    Promise.all(
      envs.map((environment) =>
        healthOverview({ environment, range: '15m' }, { db, panels: false }).catch(() => null),
      ),
    ),
  ]);
  return { envs, runs, health };
}

export async function runsPageData(filters: { status?: string; environment?: string }) {
  await requirePrincipal();
  const status = RUN_STATUSES.includes(filters.status as RunStatus)
    ? (filters.status as RunStatus)
    : undefined;
  const environment = filters.environment?.trim() || undefined;
  const db = await getDb();
  const [runs, all] = await Promise.all([listRuns(db, { status, environment }), listRuns(db)]);
  return { status, environment, runs, environments: [...new Set(all.map((r) => r.environment))].sort() };
}

export async function runPageData(id: string) {
  const me = await requirePrincipal();
  return { me, run: await findRun(await getDb(), id) };
}

export async function reportPageData(id: string) {
  await requirePrincipal();
  const db = await getDb();
  const run = await findRun(db, id);
  if (!run) return null;
  const template = await requireTemplate(db, run.templateId, run.templateVersion);
  return { run, markdown: await runReportMarkdown(db, run, template) };
}

export async function healthPageData() {
  await requirePrincipal();
  return { environments: environmentNames(targetsConfig()) };
}

export async function templatesPageData(query: string | undefined) {
  const me = await requirePrincipal();
  const templates = await listTemplates(await getDb(), query);
  return { templates, canImport: hasAnyRole(me.roles, ['engineer', 'admin']) };
}

/** Every `kind:name` configured in any environment: the names a suggested check can be remapped to. */
function configuredTargetNames(): string[] {
  const config = targetsConfig();
  return [
    ...new Set(environmentNames(config).flatMap((e) => Object.keys(config.environments[e]?.targets ?? {}))),
  ].sort();
}

/** Each environment's target names (`kind:name`): what a reviewed suggestion can be bound to there. */
function targetNamesByEnvironment(): Record<string, string[]> {
  const config = targetsConfig();
  return Object.fromEntries(
    environmentNames(config).map((e) => [e, Object.keys(config.environments[e]?.targets ?? {}).sort()]),
  );
}

export async function templatePageData(id: string, version: number | undefined) {
  const me = await requirePrincipal();
  const template = await getTemplate(await getDb(), id, version);
  return {
    template,
    canStart: hasAnyRole(me.roles, ['engineer', 'admin']),
    environments: environmentNames(targetsConfig()),
    targetNames: configuredTargetNames(),
    targetsByEnvironment: targetNamesByEnvironment(),
  };
}

/** The admin's view of the targets: masked addresses, and what each PostgreSQL probe role may read. */
export async function targetsPageData() {
  await requirePrincipal(['admin']);
  const config = targetsConfig();
  return { view: publicTargets(config), warnings: await probeRoleWarnings(config) };
}

/** The admin's notification channels, masked. */
export async function notificationsPageData() {
  await requirePrincipal(['admin']);
  return { channels: channelViews(notificationsConfig()) };
}
