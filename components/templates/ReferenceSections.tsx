'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { Button } from '@/components/ui/Button';
import type { Checklist, Section } from '@/lib/checklist/model';
import { api } from '@/lib/client/api';

type Toggle = (section: Section, counted: boolean) => void;

/**
 * The sections Liftoff treats as reference (shown, not counted as progress), each with a
 * one-click "count this section"; sections counted that way can be put back. In the import
 * preview the click edits the pasted text (`onToggle`); on a template (`templateId`) it stores
 * a new version. Without either the list is read-only.
 */
export function ReferenceSections({
  model,
  templateId,
  onToggle,
}: {
  model: Checklist;
  templateId?: string;
  onToggle?: Toggle;
}) {
  const router = useRouter();
  const save = useMutation({
    mutationFn: ({ section, counted }: { section: Section; counted: boolean }) =>
      api<{ id: string; version: number }>(`/api/v1/templates/${templateId}/sections`, {
        body: { sectionId: section.id, counted },
      }),
    onSuccess: (t) => router.push(`/templates/${t.id}?version=${t.version}`),
  });
  const toggle: Toggle | undefined =
    onToggle ?? (templateId ? (section, counted) => save.mutate({ section, counted }) : undefined);

  const byId = new Map(model.sections.map((s) => [s.id, s]));
  // A reference section's subsections follow it: list only where a reference part starts.
  const listed = model.sections.filter(
    (s) => s.counted || (s.reference && !(s.parentId && byId.get(s.parentId)?.reference)),
  );
  if (listed.length === 0) return null;
  /** Items in the section and its subsections that the toggle affects (same reference-ness). */
  const itemsUnder = (s: Section): number => {
    const inside = new Set([s.id]);
    for (const x of model.sections) if (x.parentId && inside.has(x.parentId)) inside.add(x.id);
    return model.items.filter(
      (i) => i.sectionId !== null && inside.has(i.sectionId) && i.reference === s.reference,
    ).length;
  };

  return (
    <div data-testid="reference-sections">
      <h3 className="mb-1 font-medium">Not counted as progress</h3>
      <p className="mb-2 text-xs text-slate-600 dark:text-slate-400">
        Rollback plans, troubleshooting and contacts are shown in a run but not counted. Count a section when
        its items are part of the release.
      </p>
      <ul className="space-y-1.5 text-sm">
        {listed.map((s) => {
          const n = itemsUnder(s);
          return (
            <li key={s.id} className="flex flex-wrap items-center justify-between gap-2">
              <span>
                {s.title}{' '}
                <span className="text-xs text-slate-600 dark:text-slate-400">
                  {n} item{n === 1 ? '' : 's'} · {s.reference ? 'not counted' : 'counted by choice'}
                </span>
              </span>
              {toggle ? (
                <Button
                  size="sm"
                  variant="secondary"
                  disabled={save.isPending}
                  aria-label={s.reference ? `Count section ${s.title}` : `Stop counting section ${s.title}`}
                  onClick={() => toggle(s, Boolean(s.reference))}
                >
                  {s.reference ? 'Count this section' : "Don't count"}
                </Button>
              ) : null}
            </li>
          );
        })}
      </ul>
      {save.error ? (
        <p role="alert" className="mt-1 text-xs text-red-700 dark:text-red-400">
          {save.error.message}
        </p>
      ) : null}
    </div>
  );
}
