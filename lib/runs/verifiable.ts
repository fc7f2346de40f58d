import type { RunItemView } from './types';

/**
 * The items "Verify all" runs: bound, not reference, open (not done or skipped) and not held by
 * a stage; `locked` counts the bound open ones a stage holds. Pure: the run page's button and
 * the server agree on what the button will do.
 */
export function openBoundItems(items: readonly RunItemView[]): { open: RunItemView[]; locked: number } {
  const bound = items.filter((i) => i.check && !i.reference && i.state !== 'done' && i.state !== 'skipped');
  return { open: bound.filter((i) => !i.locked), locked: bound.filter((i) => i.locked).length };
}
