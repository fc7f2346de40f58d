'use client';

import { useId, useState } from 'react';
import { cx } from '@/components/ui/cx';
import { type Column, DataTable } from '@/components/ui/DataTable';
import { inputClass } from '@/components/ui/Input';
import type { Field } from '@/lib/checklist/model';
import type { FieldValue } from '@/lib/runs/types';

/** The run's blanks (deployed by, version, benchmark figures); each saves when it loses focus. */
export function FieldsPanel({
  defs,
  values,
  canEdit,
  onSave,
}: {
  defs: Field[];
  values: Record<string, FieldValue>;
  canEdit: boolean;
  onSave: (key: string, value: FieldValue) => void;
}) {
  const ids = useId();
  const fillable = defs.filter((f) => f.kind !== 'signature-table');
  if (fillable.length === 0)
    return <p className="text-sm text-muted">This checklist has no blanks to fill in.</p>;
  return (
    <div className="space-y-3">
      {fillable.map((f) => {
        const id = `${ids}-${f.key}`;
        const value = values[f.key];
        const label = f.group ? `${f.group} — ${f.label}` : f.label;
        if (f.kind === 'choice') {
          const selected = Array.isArray(value) ? value : [];
          return (
            <fieldset key={f.key}>
              <legend className="mb-1 text-xs font-medium">{label}</legend>
              <div className="flex flex-wrap gap-2">
                {(f.options ?? []).map((o) => (
                  <label key={o} className="inline-flex items-center gap-1 text-xs">
                    <input
                      type="checkbox"
                      disabled={!canEdit}
                      checked={selected.includes(o)}
                      onChange={(e) =>
                        onSave(f.key, e.target.checked ? [...selected, o] : selected.filter((s) => s !== o))
                      }
                    />
                    {o}
                  </label>
                ))}
              </div>
            </fieldset>
          );
        }
        if (f.kind === 'table')
          return <TableField key={f.key} field={f} value={value} canEdit={canEdit} onSave={onSave} />;
        return (
          <div key={f.key}>
            <label htmlFor={id} className="mb-0.5 block text-xs font-medium">
              {label}
            </label>
            <div className="flex items-center gap-1">
              <TextInput
                id={id}
                value={typeof value === 'string' ? value : ''}
                disabled={!canEdit}
                onSave={(v) => onSave(f.key, v)}
              />
              {f.unit ? <span className="text-xs text-muted">{f.unit}</span> : null}
            </div>
          </div>
        );
      })}
    </div>
  );
}

function TextInput({
  id,
  label,
  value,
  disabled,
  onSave,
}: {
  id: string;
  /** For inputs without a `<label for>` of their own (table cells). */
  label?: string;
  value: string;
  disabled: boolean;
  onSave: (v: string) => void;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  const commit = () => {
    if (draft !== null && draft !== value) onSave(draft);
    setDraft(null);
  };
  return (
    <input
      id={id}
      aria-label={label}
      value={draft ?? value}
      disabled={disabled}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => e.key === 'Enter' && (e.currentTarget as HTMLInputElement).blur()}
      className={cx(inputClass, 'py-1 text-sm')}
    />
  );
}

function TableField({
  field,
  value,
  canEdit,
  onSave,
}: {
  field: Field;
  value: FieldValue | undefined;
  canEdit: boolean;
  onSave: (key: string, value: FieldValue) => void;
}) {
  const cells = value && typeof value === 'object' && !Array.isArray(value) ? value : {};
  const columns: Column<string>[] = [
    { key: '', header: <span className="sr-only">Row</span>, rowHeader: true, cell: (r) => r },
    ...(field.columns ?? []).map(
      (c): Column<string> => ({
        key: c,
        header: c,
        cell: (r) => (
          <TextInput
            id={`${field.key}-${r}-${c}`}
            label={`${r} ${c}`}
            value={cells[r]?.[c] ?? ''}
            disabled={!canEdit}
            onSave={(v) => onSave(field.key, { ...cells, [r]: { ...cells[r], [c]: v } })}
          />
        ),
      }),
    ),
  ];
  return (
    <DataTable
      caption={field.label}
      density="compact"
      columns={columns}
      rows={field.rows ?? []}
      rowKey={(r) => r}
    />
  );
}
