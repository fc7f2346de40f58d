'use client';

import { usePathname } from 'next/navigation';
import { type ReactNode, useId, useRef, useState } from 'react';
import { cx } from '@/components/ui/cx';
import { useDismiss } from '@/components/ui/useDismiss';

/**
 * The header's navigation and account controls. From `md` up they sit in the header's row; on a
 * phone they fold behind a Menu button (a disclosure: aria-expanded/aria-controls; Escape closes it
 * and gives focus back to the button; a press outside or following a link closes it).
 */
export function MainMenu({ children }: { children: ReactNode }) {
  const path = usePathname();
  const id = useId();
  const button = useRef<HTMLButtonElement>(null);
  const root = useRef<HTMLDivElement>(null);
  // Open only on the page it was opened on: a navigation closes it without an effect.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === path;

  useDismiss(open, root, (by) => {
    setOpenOn(null);
    if (by === 'escape') button.current?.focus();
  });

  return (
    // From md up the wrappers are `display: contents`: their children sit in the header's own
    // row, so a control outside the menu (the bell) can be ordered between them.
    <div ref={root} className="ml-auto flex items-center md:contents">
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpenOn(open ? null : path)}
        className="rounded-md border border-slate-300 px-2.5 py-1.5 text-sm font-medium hover:bg-slate-100 md:hidden dark:border-slate-700 dark:hover:bg-slate-800"
      >
        <span aria-hidden="true">{open ? '✕' : '☰'}</span> Menu
      </button>
      <div
        id={id}
        className={cx(
          open ? 'flex' : 'hidden',
          'absolute inset-x-0 top-full flex-col gap-3 border-b border-slate-200 bg-white px-4 py-3 shadow-md dark:border-slate-800 dark:bg-slate-950',
          'md:contents',
        )}
      >
        {children}
      </div>
    </div>
  );
}
