import { Markdown } from '@/components/markdown/Markdown';
import { Badge } from '@/components/ui/Badge';
import { CodeBlock } from '@/components/ui/CopyButton';
import { cx } from '@/components/ui/cx';
import type { Checklist, Item, Section } from '@/lib/checklist/model';
import { AcceptCheck } from './AcceptCheck';

/**
 * A parsed checklist, read-only: sections collapsible, items with their commands, bound and
 * suggested checks; reference sections look different and do not count as progress.
 */
export function ChecklistView({
  model,
  accept,
}: {
  model: Checklist;
  /** When given (latest version, engineer), suggested checks get an Accept button with target remap. */
  accept?: { templateId: string; targetNames: string[] };
}) {
  const byParent = new Map<string | null, Section[]>();
  for (const s of model.sections) byParent.set(s.parentId, [...(byParent.get(s.parentId) ?? []), s]);
  const topItems = (sectionId: string | null) =>
    model.items.filter((i) => i.sectionId === sectionId && i.parentId === null);
  const itemsById = new Map(model.items.map((i) => [i.id, i]));

  const renderItem = (item: Item) => (
    <li key={item.id} className="py-1.5" data-testid="template-item">
      <div className="flex items-start gap-2">
        <input
          type="checkbox"
          disabled
          checked={item.checked}
          aria-label={item.checked ? 'checked in the source' : 'open'}
          className="mt-1"
        />
        <div className="min-w-0 flex-1">
          <span className="text-sm">
            <Markdown text={item.text} inline />
          </span>
          {item.check ? (
            <p className="mt-1 text-xs">
              <Badge tone="info">check</Badge> <code className="font-mono">{item.check}</code>
            </p>
          ) : null}
          {item.check
            ? null
            : item.suggestedChecks.map((s) =>
                accept ? (
                  <AcceptCheck
                    key={s.check}
                    templateId={accept.templateId}
                    itemId={item.id}
                    check={s.check}
                    targetNames={accept.targetNames}
                  />
                ) : (
                  <p key={s.check} className="mt-1 text-xs text-muted">
                    <Badge>suggested</Badge> <code className="font-mono">{s.check}</code>
                  </p>
                ),
              )}
          {item.code
            .filter((c) => !c.inline)
            .map((c, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: code blocks of a static item
              <CodeBlock key={i} code={c.value} lang={c.lang} />
            ))}
          {item.children.length ? (
            <ul className="ml-2 border-l border-slate-200 pl-3 dark:border-slate-800">
              {item.children
                .map((id) => itemsById.get(id))
                .filter((i): i is Item => Boolean(i))
                .map(renderItem)}
            </ul>
          ) : null}
        </div>
      </div>
    </li>
  );

  const renderSection = (s: Section) => {
    const items = topItems(s.id);
    const all = model.items.filter((i) => i.sectionId === s.id);
    return (
      <details
        key={s.id}
        open={!s.reference}
        className={cx(
          'rounded-md border px-3 py-2',
          s.reference
            ? 'border-dashed border-amber-300 bg-amber-50/50 dark:border-amber-800 dark:bg-amber-950/20'
            : 'border-slate-200 dark:border-slate-800',
        )}
        data-testid="template-section"
      >
        <summary className="cursor-pointer select-none font-medium">
          {s.title} {s.reference ? <Badge tone="warn">reference</Badge> : null}{' '}
          {all.length ? (
            <span className="text-xs font-normal text-muted">
              {all.length} item{all.length === 1 ? '' : 's'}
            </span>
          ) : null}
        </summary>
        <div className="mt-2 space-y-2">
          {s.content.trim() ? (
            <div className="text-sm text-slate-700 dark:text-slate-300">
              <Markdown text={s.content} />
            </div>
          ) : null}
          {s.code.map((c, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: code blocks of a static section
            <CodeBlock key={i} code={c.value} lang={c.lang} />
          ))}
          {items.length ? <ul>{items.map(renderItem)}</ul> : null}
          {(byParent.get(s.id) ?? []).map(renderSection)}
        </div>
      </details>
    );
  };

  return (
    <div className="space-y-3">
      {topItems(null).length ? <ul>{topItems(null).map(renderItem)}</ul> : null}
      {(byParent.get(null) ?? []).map(renderSection)}
    </div>
  );
}

export function ChecklistFacts({ model }: { model: Checklist }) {
  const c = model.counts;
  // The sign-off table is shown under Sign-off, not as a blank to fill in.
  const blanks = model.fields.filter((f) => f.kind !== 'signature-table');
  return (
    <div className="space-y-4 text-sm">
      <dl className="grid grid-cols-2 gap-2">
        {[
          ['Items', c.items],
          ['Checked in source', c.checked],
          ['Sections', c.sections],
          ['Code blocks', c.codeBlocks],
          ['Fields', c.fields],
          ['Counted for progress', c.progressItems],
          [
            'Can verify themselves',
            c.verifiable ?? model.items.filter((i) => i.check || i.suggestedChecks.length).length,
          ],
        ].map(([k, v]) => (
          <div key={k} className="rounded-md bg-slate-100 px-3 py-2 dark:bg-slate-800/60">
            <dt className="text-xs text-muted">{k}</dt>
            <dd className="text-lg font-semibold tabular-nums">{v}</dd>
          </div>
        ))}
      </dl>
      <div>
        <h3 className="mb-1 font-medium">Fields</h3>
        {blanks.length ? (
          <ul className="space-y-1">
            {blanks.map((f) => (
              <li key={f.key} className="flex justify-between gap-2">
                <span>
                  {f.group ? `${f.group} — ` : ''}
                  {f.label}
                </span>
                <span className="text-xs text-muted">
                  {f.kind === 'choice' ? (f.options ?? []).join(' / ') : (f.unit ?? f.kind)}
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-muted">No blanks to fill in.</p>
        )}
      </div>
      <div>
        <h3 className="mb-1 font-medium">Sign-off</h3>
        <p className="flex flex-wrap gap-1">
          {model.signoff.roles.map((r) => (
            <Badge key={r}>{r}</Badge>
          ))}
        </p>
        {model.signoff.fromTable ? null : (
          <p className="mt-1 text-xs text-muted">No sign-off table in the source: the default roles apply.</p>
        )}
      </div>
      {model.warnings.length ? (
        <div>
          <h3 className="mb-1 font-medium">Repairs made on import</h3>
          <ul className="list-disc pl-5 text-xs text-muted">
            {model.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
