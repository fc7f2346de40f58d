import { Fragment, type ReactNode } from 'react';
import { cx } from './cx';

export interface Column<Row> {
  /** Unique among the columns; React's key for the header and the cells. */
  key: string;
  header: ReactNode;
  cell: (row: Row) => ReactNode;
  align?: 'left' | 'right';
  /** On the header and every cell of the column (e.g. `hidden sm:table-cell`). */
  className?: string;
  /** On the cells only (e.g. `font-mono`). */
  cellClassName?: string;
  /** The column that names each row: its cells are `<th scope="row">`, in medium weight. */
  rowHeader?: boolean;
}

const DENSITY = {
  /** Page tables: small uppercase headers. */
  normal: {
    table: 'text-sm',
    caption: 'mb-2 text-sm',
    head: 'text-xs uppercase',
    th: 'pb-2 pr-3',
    td: 'py-2 pr-3',
  },
  /** Side panels: everything extra small. */
  compact: { table: 'text-xs', caption: 'mb-1 text-xs', head: '', th: 'pb-1 pr-2', td: 'py-1.5 pr-2' },
} as const;

type Label = { caption: ReactNode; label?: never } | { label: string; caption?: never };

/**
 * One table for every list of records: real `<table>` markup with scoped headers, a caption
 * (visible) or an accessible name, horizontal scrolling on narrow screens, and what to show
 * when there are no rows. It has no state and no 'use client': server pages pass it functions.
 */
export function DataTable<Row>({
  columns,
  rows,
  rowKey,
  rowTestId,
  rowData,
  empty,
  density = 'normal',
  testId,
  detail,
  ...label
}: {
  columns: Column<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  rowTestId?: (row: Row) => string;
  /** `data-*` attributes of a row (its state, for styling and tests). */
  rowData?: (row: Row) => Record<`data-${string}`, string>;
  /** Shown instead of the table when there are no rows (by default the table shows none). */
  empty?: ReactNode;
  density?: keyof typeof DENSITY;
  testId?: string;
  /** A row's expanded part, in a full-width row under it; null while it is closed. */
  detail?: (row: Row) => ReactNode;
} & Label) {
  if (rows.length === 0 && empty) return <>{empty}</>;
  const d = DENSITY[density];
  const align = (c: Column<Row>) => (c.align === 'right' ? 'text-right' : 'text-left');
  return (
    <div className="overflow-x-auto">
      <table className={cx('w-full', d.table)} aria-label={label.label} data-testid={testId}>
        {label.caption ? (
          <caption className={cx('text-left font-medium', d.caption)}>{label.caption}</caption>
        ) : null}
        <thead className={cx('text-muted', d.head)}>
          <tr>
            {columns.map((c) => (
              <th
                key={c.key}
                scope="col"
                className={cx(d.th, 'font-medium last:pr-0', align(c), c.className)}
              >
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200 align-top dark:divide-slate-800">
          {rows.map((row) => {
            const more = detail?.(row);
            return (
              <Fragment key={rowKey(row)}>
                <tr data-testid={rowTestId?.(row)} {...rowData?.(row)}>
                  {columns.map((c) => {
                    const className = cx(d.td, 'last:pr-0', align(c), c.className, c.cellClassName);
                    return c.rowHeader ? (
                      <th key={c.key} scope="row" className={cx('font-medium', className)}>
                        {c.cell(row)}
                      </th>
                    ) : (
                      <td key={c.key} className={className}>
                        {c.cell(row)}
                      </td>
                    );
                  })}
                </tr>
                {more ? (
                  <tr>
                    <td colSpan={columns.length} className={cx(d.td, 'pt-0')}>
                      {more}
                    </td>
                  </tr>
                ) : null}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
