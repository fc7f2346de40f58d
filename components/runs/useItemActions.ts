'use client';

import { useMemo } from 'react';
import type { ItemActions } from './ItemRow';
import type { ChecklistViewState } from './useChecklistView';
import type { RunMutations } from './useRunMutations';

/**
 * What a row (and the keyboard) can do to an item. One object for the page's lifetime, built
 * only from stable callbacks, so memoised rows re-render only when their own props change.
 * A state change or a saved note closes the row's open form.
 */
export function useItemActions(view: ChecklistViewState, writes: RunMutations): ItemActions {
  const { focusItem, setMode } = view;
  const { setItemState, setItemNote, verify, reverify } = writes;
  return useMemo<ItemActions>(
    () => ({
      focus: focusItem,
      mode: setMode,
      state: (item, state, note) => {
        setMode(item.id, null);
        setItemState(item, state, note);
      },
      note: (item, note) => {
        setMode(item.id, null);
        setItemNote(item, note);
      },
      verify: (item) => verify(item),
      reverify,
    }),
    [focusItem, setMode, setItemState, setItemNote, verify, reverify],
  );
}
