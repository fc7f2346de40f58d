/**
 * Item-level diff between two versions of a checklist (template library: "new version: 3 added,
 * 1 removed, 2 changed"). Items are matched by id; an unmatched removed/added pair in the same
 * section with similar text counts as one changed item (a reworded item), not as two.
 */
import { normalizeText } from './ids';
import type { Checklist, Item } from './model';

export type ItemChangeKind = 'text' | 'checked' | 'code' | 'check' | 'parent' | 'reference';

export interface ItemChange {
  id: string;
  /** Set when the item was reworded (its id changed with its text). */
  previousId?: string;
  text: string;
  previousText?: string;
  changes: ItemChangeKind[];
}

export interface ChecklistDiff {
  /** Ids in the new checklist. */
  added: string[];
  /** Ids in the old checklist. */
  removed: string[];
  /** Ids in the new checklist. */
  changed: string[];
  details: {
    added: { id: string; text: string }[];
    removed: { id: string; text: string }[];
    changed: ItemChange[];
  };
  unchanged: number;
  /** e.g. "3 added, 1 removed, 2 changed" or "no item changes". */
  summary: string;
}

const REWORD_SIMILARITY = 0.6;

function bigrams(s: string): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i < s.length - 1; i++) {
    const g = s.slice(i, i + 2);
    m.set(g, (m.get(g) ?? 0) + 1);
  }
  return m;
}

/** Sørensen–Dice similarity of character bigrams, 0..1. */
export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length < 2 || b.length < 2) return 0;
  const x = bigrams(a);
  const y = bigrams(b);
  let common = 0;
  for (const [g, n] of x) common += Math.min(n, y.get(g) ?? 0);
  return (2 * common) / (a.length - 1 + (b.length - 1));
}

const codeKey = (i: Item) => JSON.stringify(i.code.map((c) => [c.lang ?? '', c.value, c.inline]));

function compare(a: Item, b: Item, parentMoved: boolean): ItemChangeKind[] {
  const out: ItemChangeKind[] = [];
  if (a.text !== b.text) out.push('text');
  if (a.checked !== b.checked) out.push('checked');
  if (codeKey(a) !== codeKey(b)) out.push('code');
  if ((a.check ?? '') !== (b.check ?? '')) out.push('check');
  if (parentMoved) out.push('parent');
  if (a.reference !== b.reference) out.push('reference');
  return out;
}

export function diffChecklists(prev: Checklist, next: Checklist): ChecklistDiff {
  const before = new Map(prev.items.map((i) => [i.id, i]));
  const after = new Map(next.items.map((i) => [i.id, i]));
  const changed: ItemChange[] = [];
  const added: Item[] = [];
  let unchanged = 0;
  // Old id → new id for reworded items, so a child keeps its parent through a rewording.
  const renamed = new Map<string, string>();

  const removedCandidates = prev.items.filter((i) => !after.has(i.id));
  const addedCandidates = next.items.filter((i) => !before.has(i.id));
  const pool = new Map<string, Item[]>();
  for (const r of removedCandidates) pool.set(r.sectionId ?? '', [...(pool.get(r.sectionId ?? '') ?? []), r]);
  const pairs = new Map<string, Item>();
  for (const a of addedCandidates) {
    const candidates = pool.get(a.sectionId ?? '') ?? [];
    const norm = normalizeText(a.text);
    let best: Item | null = null;
    let score = REWORD_SIMILARITY;
    for (const r of candidates) {
      const s = similarity(norm, normalizeText(r.text));
      if (s >= score) {
        best = r;
        score = s;
      }
    }
    if (best) {
      pairs.set(a.id, best);
      renamed.set(best.id, a.id);
      candidates.splice(candidates.indexOf(best), 1);
    }
  }

  for (const item of next.items) {
    const old = before.get(item.id) ?? pairs.get(item.id);
    if (!old) {
      added.push(item);
      continue;
    }
    const oldParent = old.parentId ? (renamed.get(old.parentId) ?? old.parentId) : null;
    const diff = compare(old, item, oldParent !== item.parentId);
    if (diff.length === 0) {
      unchanged++;
      continue;
    }
    changed.push({
      id: item.id,
      ...(old.id !== item.id ? { previousId: old.id, previousText: old.text } : {}),
      text: item.text,
      changes: diff,
    });
  }
  const paired = new Set([...pairs.values()].map((i) => i.id));
  const removed = removedCandidates.filter((i) => !paired.has(i.id));

  const parts = [
    added.length ? `${added.length} added` : '',
    removed.length ? `${removed.length} removed` : '',
    changed.length ? `${changed.length} changed` : '',
  ].filter(Boolean);
  return {
    added: added.map((i) => i.id),
    removed: removed.map((i) => i.id),
    changed: changed.map((c) => c.id),
    details: {
      added: added.map((i) => ({ id: i.id, text: i.text })),
      removed: removed.map((i) => ({ id: i.id, text: i.text })),
      changed,
    },
    unchanged,
    summary: parts.length ? parts.join(', ') : 'no item changes',
  };
}
