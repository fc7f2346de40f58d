'use client';

import { useEffect, useRef } from 'react';
import type { RunItemView } from '@/lib/runs/types';
import type { ItemActions } from './ItemRow';

interface RunKeyboardOptions {
  /** Off while another tab (Activity) is shown. */
  enabled: boolean;
  items: RunItemView[];
  focus: number;
  setFocus: (update: (index: number) => number) => void;
  canEdit: boolean;
  actions: ItemActions;
}

/**
 * The checklist's keys: `j`/`k` move the focus, `x` ticks or reopens the focused item, `n` opens
 * its note. Typing in a field, and any chord with Ctrl, Alt or Meta, is left alone.
 */
export function useRunKeyboard(options: RunKeyboardOptions) {
  // The listener is added once; it reads the latest items and focus when a key arrives.
  const latest = useRef(options);
  latest.current = options;
  const { enabled } = options;
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (e.metaKey || e.ctrlKey || e.altKey || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
      const { items, focus, setFocus, canEdit, actions } = latest.current;
      const item = items[focus];
      if (e.key === 'j') setFocus((f) => Math.min(items.length - 1, f + 1));
      else if (e.key === 'k') setFocus((f) => Math.max(0, f - 1));
      else if (e.key === 'x' && item && canEdit) actions.state(item, item.state === 'open' ? 'done' : 'open');
      else if (e.key === 'n' && item && canEdit) actions.mode(item.id, 'note');
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}
