import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { StartRunForm } from '@/components/runs/StartRunForm';
import { PageHeader } from '@/components/shell/AppShell';
import { ChecklistFacts, ChecklistView } from '@/components/templates/ChecklistView';
import { ReferenceSections } from '@/components/templates/ReferenceSections';
import { StagesView } from '@/components/templates/StagesView';
import { SuggestionsReview } from '@/components/templates/SuggestionsReview';
import { Badge } from '@/components/ui/Badge';
import { Card } from '@/components/ui/Card';
import { cx } from '@/components/ui/cx';
import type { VersionChanges } from '@/lib/db/schema';
import { templatePageData } from '@/lib/pages/data';

export const metadata: Metadata = { title: 'Template' };

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function ChangeList({ changes }: { changes: VersionChanges }) {
  const rows = [
    ...changes.details.added.map((d) => ({
      key: `a-${d.id}`,
      sign: '+',
      text: d.text,
      tone: 'text-emerald-700 dark:text-emerald-400',
    })),
    ...changes.details.removed.map((d) => ({
      key: `r-${d.id}`,
      sign: '−',
      text: d.text,
      tone: 'text-red-700 dark:text-red-400',
    })),
    ...changes.details.changed.map((d) => ({
      key: `c-${d.id}`,
      sign: '~',
      text: d.text,
      tone: 'text-amber-700 dark:text-amber-400',
    })),
  ];
  if (rows.length === 0) return null;
  return (
    <ul className="mt-1 space-y-0.5 text-xs">
      {rows.slice(0, 30).map((r) => (
        <li key={r.key} className={r.tone}>
          <span aria-hidden="true">{r.sign}</span> {r.text}
        </li>
      ))}
      {rows.length > 30 ? <li className="text-muted">and {rows.length - 30} more</li> : null}
    </ul>
  );
}

export default async function TemplatePage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ version?: string }>;
}) {
  const [{ id }, { version }] = await Promise.all([params, searchParams]);
  const wanted = version && /^\d+$/.test(version) ? Number(version) : undefined;
  const {
    template: t,
    canStart,
    environments,
    targetNames,
    targetsByEnvironment,
  } = await templatePageData(id, wanted);
  if (!t) notFound();
  return (
    <>
      <PageHeader
        title={t.name}
        description={
          <>
            Version {t.version}
            {t.version !== t.latestVersion ? (
              <>
                {' '}
                (latest is{' '}
                <Link className="text-brand-600 underline" href={`/templates/${t.id}`}>
                  v{t.latestVersion}
                </Link>
                )
              </>
            ) : null}{' '}
            · imported {new Date(t.createdAt).toISOString().slice(0, 16).replace('T', ' ')} UTC{' '}
            {t.builtin ? <Badge>built-in</Badge> : null}
          </>
        }
        action={
          canStart ? (
            <StartRunForm
              templateId={t.id}
              templateName={t.name}
              version={t.version}
              environments={environments}
              stages={(t.model.stages ?? []).length}
              gatedByDefault={(t.model.stages ?? []).some((s) => s.gate.length > 0 || s.triggers.length > 0)}
            />
          ) : undefined
        }
      />
      <div className="grid gap-6 lg:grid-cols-[1fr_20rem]">
        <div className="min-w-0 space-y-6">
          <Card title="Self-verifying coverage">
            <SuggestionsReview
              model={t.model}
              review={
                canStart && t.version === t.latestVersion
                  ? { templateId: t.id, targetsByEnvironment }
                  : undefined
              }
            />
          </Card>
          <Card title="Checklist">
            <ChecklistView
              model={t.model}
              accept={
                canStart && t.version === t.latestVersion ? { templateId: t.id, targetNames } : undefined
              }
            />
          </Card>
        </div>
        <div className="space-y-6">
          {t.model.stages?.length ? (
            <Card title={`Rollout · ${t.model.stages.length} stages`}>
              <StagesView
                model={t.model}
                accept={
                  canStart && t.version === t.latestVersion ? { templateId: t.id, targetNames } : undefined
                }
              />
            </Card>
          ) : null}
          <Card title="Summary">
            <div className="space-y-4">
              <ChecklistFacts model={t.model} />
              <ReferenceSections
                model={t.model}
                templateId={canStart && t.version === t.latestVersion ? t.id : undefined}
              />
            </div>
          </Card>
          <Card title="Versions">
            <ol className="space-y-2 text-sm" aria-label="Version history">
              {t.versions.map((v) => (
                <li
                  key={v.version}
                  className={cx(
                    'rounded-md px-2 py-1.5',
                    v.version === t.version && 'bg-slate-100 dark:bg-slate-800',
                  )}
                >
                  <Link
                    href={`/templates/${t.id}?version=${v.version}`}
                    className="font-medium text-brand-600 hover:underline dark:text-brand-100"
                  >
                    v{v.version}
                  </Link>{' '}
                  <span className="text-xs text-muted">
                    {new Date(v.createdAt).toISOString().slice(0, 16).replace('T', ' ')}
                  </span>
                  <p className="text-xs text-muted" data-testid={`version-${v.version}-changes`}>
                    {v.changes
                      ? `${plural(v.changes.added.length, 'item')} added, ${v.changes.removed.length} removed, ${v.changes.changed.length} changed`
                      : 'first version'}
                  </p>
                  {v.changes && v.version === t.version ? <ChangeList changes={v.changes} /> : null}
                </li>
              ))}
            </ol>
          </Card>
        </div>
      </div>
    </>
  );
}
