import { Badge } from '@/components/ui/Badge';
import type { Checklist } from '@/lib/checklist/model';
import { AcceptCheck } from './AcceptCheck';

/**
 * A staged rollout as the importer read it: each stage with its prerequisites, its recurring
 * items and its rollback triggers (bound checks, or suggestions to accept with one click).
 */
export function StagesView({
  model,
  accept,
}: {
  model: Checklist;
  accept?: { templateId: string; targetNames: string[] };
}) {
  const stages = model.stages ?? [];
  if (stages.length === 0) return null;
  const text = new Map(model.items.map((i) => [i.id, i.text]));
  return (
    <ol className="space-y-3 text-sm" data-testid="template-stages" aria-label="Rollout stages">
      {stages.map((s, n) => (
        <li key={s.id} data-testid="template-stage">
          <p className="font-medium">
            {n + 1}. {s.title} <span className="font-mono text-xs text-muted">{s.id}</span>
          </p>
          <p className="text-xs text-muted">
            {s.gate.length} prerequisite{s.gate.length === 1 ? '' : 's'} · {s.triggers.length} rollback
            trigger
            {s.triggers.length === 1 ? '' : 's'} · {s.recurring.length} recurring
          </p>
          {s.gate.length ? (
            <ul className="mt-1 list-disc pl-5 text-xs">
              {s.gate.map((id) => (
                <li key={id}>{text.get(id)}</li>
              ))}
            </ul>
          ) : null}
          {s.recurring.length ? (
            <ul className="mt-1 list-disc pl-5 text-xs">
              {s.recurring.map((r) => (
                <li key={r.itemId}>
                  {text.get(r.itemId)} <Badge>every {r.every}</Badge>
                </li>
              ))}
            </ul>
          ) : null}
          {s.triggers.length ? (
            <ul className="mt-1 space-y-1 text-xs" aria-label={`Rollback triggers of ${s.title}`}>
              {s.triggers.map((t) => (
                <li key={t.id} data-testid="template-trigger">
                  <Badge tone={t.check ? 'bad' : 'neutral'}>{t.check ? 'watched' : 'for people'}</Badge>{' '}
                  {t.text}
                  {t.check ? <code className="ml-1 block font-mono">{t.check}</code> : null}
                  {!t.check && accept
                    ? (t.suggestedChecks ?? []).map((c) => (
                        <AcceptCheck
                          key={c.check}
                          templateId={accept.templateId}
                          triggerId={t.id}
                          check={c.check}
                          targetNames={accept.targetNames}
                        />
                      ))
                    : null}
                </li>
              ))}
            </ul>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
