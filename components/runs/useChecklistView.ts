'use client';

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { RunView } from '@/lib/runs/types';
import type { ItemMode } from './ItemRow';

export type ItemFilter = 'all' | 'open' | 'mine';

/**
 * How this viewer looks at the checklist: the filter, which sections are folded (reference
 * sections start folded), the focused row and the row with an open note/skip/fail form. It
 * lives in the run page, so it survives a visit to the Activity tab.
 */
export function useChecklistView(run: RunView, userId: string) {
  const [filter, setFilterState] = useState<ItemFilter>('all');
  const [focus, setFocus] = useState(0);
  const [mode, setModeState] = useState<{ id: string; mode: ItemMode } | null>(null);
  const [collapsed, setCollapsed] = useState<Set<string>>(
    () => new Set(run.sections.filter((s) => s.reference).map((s) => s.id)),
  );

  const visible = useMemo(
    () =>
      run.items.filter((i) => {
        if (filter === 'open' && i.state !== 'open') return false;
        if (filter === 'mine' && i.by?.userId !== userId) return false;
        return !(i.sectionId && collapsed.has(i.sectionId));
      }),
    [run.items, filter, userId, collapsed],
  );
  const latestVisible = useRef(visible);
  latestVisible.current = visible;

  // Deep link: /runs/:id#item-<itemId> focuses that item, once, on load.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once on load
  useEffect(() => {
    const id = decodeURIComponent(window.location.hash.replace(/^#item-/, ''));
    const index = visible.findIndex((i) => i.id === id);
    if (index >= 0) setFocus(index);
  }, []);

  const setFilter = useCallback((f: ItemFilter) => {
    setFilterState(f);
    setFocus(0);
  }, []);
  const focusItem = useCallback(
    (itemId: string) => setFocus(latestVisible.current.findIndex((v) => v.id === itemId)),
    [],
  );
  const setMode = useCallback(
    (itemId: string, m: ItemMode) => setModeState(m ? { id: itemId, mode: m } : null),
    [],
  );
  const toggleSection = useCallback(
    (sectionId: string) =>
      setCollapsed((c) => {
        const n = new Set(c);
        if (n.has(sectionId)) n.delete(sectionId);
        else n.add(sectionId);
        return n;
      }),
    [],
  );

  /** Unfolds the rollback plan (reference sections named so) and scrolls to it. */
  const openRollback = useCallback(() => {
    const plans = run.sections.filter((s) => s.reference && /roll\s*-?back/i.test(s.title));
    setCollapsed((c) => new Set([...c].filter((id) => !plans.some((s) => s.id === id))));
    if (plans[0]) {
      requestAnimationFrame(() => document.getElementById(`section-${plans[0]!.id}`)?.scrollIntoView());
    }
  }, [run.sections]);

  return {
    filter,
    setFilter,
    focus,
    setFocus,
    focusItem,
    mode,
    setMode,
    collapsed,
    toggleSection,
    openRollback,
    visible,
  };
}

export type ChecklistViewState = ReturnType<typeof useChecklistView>;
