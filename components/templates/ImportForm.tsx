'use client';

import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { type DragEvent, useId, useState } from 'react';
import { Alert } from '@/components/ui/Alert';
import { Button } from '@/components/ui/Button';
import { Card, EmptyState } from '@/components/ui/Card';
import { cx } from '@/components/ui/cx';
import { inputClass } from '@/components/ui/Input';
import { useDebounced } from '@/components/ui/useDebounced';
import { setCountedMarker } from '@/lib/checklist/markers';
import type { Checklist } from '@/lib/checklist/model';
import { ApiError, api } from '@/lib/client/api';
import { templateKeys } from '@/lib/client/query-keys';
import { ChecklistFacts, ChecklistView } from './ChecklistView';
import { ReferenceSections } from './ReferenceSections';

/** `source` is the text the preview was made from (the text area may have moved on). */
type Preview = { name: string; model: Checklist; source: string };

/** Paste, pick or drop a checklist; a debounced server parse shows the preview before saving. */
export function ImportForm() {
  const router = useRouter();
  const ids = useId();
  const [text, setText] = useState('');
  const [name, setName] = useState('');
  const [filename, setFilename] = useState<string | undefined>();
  const [dragging, setDragging] = useState(false);
  const [fileError, setFileError] = useState<string | null>(null);
  // The server parses what was typed once typing pauses; a newer text cancels the older request.
  const typed = useDebounced({ text, filename }, 250);
  const parsed = useQuery({
    queryKey: templateKeys.preview(typed.text, typed.filename),
    queryFn: async ({ signal }): Promise<Preview> => ({
      ...(await api<Omit<Preview, 'source'>>('/api/v1/templates/preview', {
        body: { markdown: typed.text, filename: typed.filename },
        signal,
      })),
      source: typed.text,
    }),
    enabled: typed.text.trim() !== '',
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
    // The last preview stays up while the next text is parsed.
    placeholderData: keepPreviousData,
  });
  const preview = text.trim() && parsed.data ? parsed.data : null;
  const previewError =
    fileError ??
    (text.trim() && parsed.error
      ? parsed.error instanceof ApiError
        ? parsed.error.message
        : 'The preview failed.'
      : null);

  const save = useMutation({
    mutationFn: () =>
      api<{ id: string }>('/api/v1/templates', {
        body: { name: name.trim() || preview?.name, markdown: text, filename },
      }),
    onSuccess: (t) => router.push(`/templates/${t.id}`),
  });

  const load = async (file: File) => {
    if (file.size > 2 * 1024 * 1024) {
      setFileError(`${file.name} is larger than 2 MB.`);
      return;
    }
    setFileError(null);
    setFilename(file.name);
    setText(await file.text());
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer.files[0];
    if (file) void load(file);
  };

  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <Card title="Source">
        <div className="space-y-3">
          <div>
            <label htmlFor={`${ids}-name`} className="mb-1 block text-sm font-medium">
              Name
            </label>
            <input
              id={`${ids}-name`}
              className={inputClass}
              value={name}
              onChange={(e) => setName(e.target.value)}
              placeholder={preview?.name ?? 'Taken from the checklist title'}
            />
          </div>
          <section
            aria-label="Drop a checklist file here"
            onDragOver={(e) => {
              e.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={onDrop}
            data-testid="dropzone"
            className={cx(
              'rounded-md border-2 border-dashed p-3 transition-colors',
              dragging
                ? 'border-brand-500 bg-brand-50 dark:bg-brand-700/20'
                : 'border-slate-300 dark:border-slate-700',
            )}
          >
            <div className="mb-2 flex items-center justify-between gap-2 text-sm">
              <span className="text-slate-600 dark:text-slate-400">
                {filename ? `Loaded ${filename}` : 'Drop a .md or .txt file, or'}
              </span>
              <label className="cursor-pointer rounded-md border border-slate-300 px-2.5 py-1 text-sm hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800">
                Choose a file
                <input
                  type="file"
                  accept=".md,.markdown,.txt,text/markdown,text/plain"
                  className="sr-only"
                  onChange={(e) => e.target.files?.[0] && load(e.target.files[0])}
                />
              </label>
            </div>
            <label htmlFor={`${ids}-text`} className="sr-only">
              Checklist text
            </label>
            <textarea
              id={`${ids}-text`}
              value={text}
              onChange={(e) => setText(e.target.value)}
              rows={22}
              spellCheck={false}
              placeholder={
                '# Release checklist\n\n## Before\n- [ ] Backup taken\n- [ ] Redis reachable <!-- check: redis:self ping -->'
              }
              className={cx(inputClass, 'font-mono text-xs')}
            />
          </section>
          {save.error ? <Alert>{save.error.message}</Alert> : null}
          <Button
            onClick={() => save.mutate()}
            disabled={!preview || Boolean(previewError) || save.isPending}
          >
            {save.isPending ? 'Saving…' : 'Save template'}
          </Button>
        </div>
      </Card>
      <Card title="Preview">
        <div aria-live="polite">
          {previewError ? <Alert>{previewError}</Alert> : null}
          {!preview && !previewError ? (
            <EmptyState title="Nothing to preview yet">
              The parsed checklist appears here as you type.
            </EmptyState>
          ) : null}
          {preview && !previewError ? (
            <div className="space-y-4" data-testid="preview">
              <h2 className="text-lg font-semibold">{preview.model.title}</h2>
              <ChecklistFacts model={preview.model} />
              <ReferenceSections
                model={preview.model}
                onToggle={(section, counted) => {
                  // Only against the text the preview was made from: line numbers must match.
                  if (preview.source !== text) return;
                  const next = setCountedMarker(text, section.line, counted);
                  if (next !== null) setText(next);
                }}
              />
              <ChecklistView model={preview.model} />
            </div>
          ) : null}
        </div>
      </Card>
    </div>
  );
}
