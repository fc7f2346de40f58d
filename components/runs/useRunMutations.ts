'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';
import { ApiError, api } from '@/lib/client/api';
import { runKeys } from '@/lib/client/query-keys';
import type { FieldValue, ItemState, RunItemState, RunItemView, RunView } from '@/lib/runs/types';
import { applyItem } from './useRunLive';

const idempotencyKey = () => crypto.randomUUID();

/**
 * Every write the run page makes, each followed by one debounced refetch of the run (`refresh`
 * from useRunLive). The returned functions are stable, so memoised item rows never re-render
 * because a write was made elsewhere. An item's last failed write leaves its message in
 * `errors[itemId]` until the next write to that item.
 */
export function useRunMutations(run: RunView, refresh: () => void) {
  const runId = run.id;
  const qc = useQueryClient();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const showError = useCallback(
    (itemId: string, message: string) => setErrors((e) => ({ ...e, [itemId]: message })),
    [],
  );

  // Versions this tab's own writes produced: a quick second edit builds on the first instead of
  // conflicting with it, while a change by someone else still gets a conflict.
  const ownVersions = useRef(new Map<string, number>());
  const itemWrite = useMutation({
    mutationKey: runKeys.itemWrites(runId),
    scope: { id: `run-${runId}-items` },
    mutationFn: ({ item, body }: { item: RunItemView; body: Record<string, unknown> }) => {
      let expected = item.version;
      while (ownVersions.current.has(`${item.id}@${expected}`))
        expected = ownVersions.current.get(`${item.id}@${expected}`)!;
      return api<RunItemState>(`/api/v1/runs/${runId}/items/${encodeURIComponent(item.id)}`, {
        method: 'PATCH',
        body: { ...body, expectedVersion: expected },
        headers: { 'Idempotency-Key': idempotencyKey() },
      }).then((saved) => {
        if (saved.version !== expected) ownVersions.current.set(`${item.id}@${expected}`, saved.version);
        return saved;
      });
    },
    onMutate: ({ item, body }) => {
      setErrors(({ [item.id]: _, ...rest }) => rest);
      // A refetch already on its way read the run before this change: it must not undo it.
      // Cancelling is synchronous (only its promise settles later), so the optimistic write
      // below lands in the same task as the click.
      void qc.cancelQueries({ queryKey: runKeys.detail(runId) });
      // Optimistic: show the change now; the server's answer (or the rollback) replaces it.
      qc.setQueryData<RunView>(runKeys.detail(runId), (r) =>
        r
          ? { ...r, items: r.items.map((i) => (i.id === item.id ? ({ ...i, ...body } as RunItemView) : i)) }
          : r,
      );
      return { previous: item };
    },
    onSuccess: (saved) => {
      applyItem(qc, runId, saved);
      refresh();
    },
    onError: (err, { item }, ctx) => {
      // A conflict carries the item as it is now: show that rather than what this tab had.
      const current =
        err instanceof ApiError && err.code === 'conflict'
          ? (err.details?.current as RunItemState | undefined)
          : undefined;
      qc.setQueryData<RunView>(runKeys.detail(runId), (r) =>
        r
          ? {
              ...r,
              items: r.items.map((i) => (i.id === item.id ? { ...(ctx?.previous ?? i), ...current } : i)),
            }
          : r,
      );
      showError(item.id, err.message);
      refresh();
    },
  });

  const fieldWrite = useMutation({
    mutationFn: (patch: Record<string, FieldValue>) =>
      api<RunView>(`/api/v1/runs/${runId}/fields`, {
        method: 'PATCH',
        body: patch,
        headers: { 'Idempotency-Key': idempotencyKey() },
      }),
    onSuccess: () => refresh(),
  });

  const signWrite = useMutation({
    mutationFn: ({ role, comment }: { role: string; comment?: string }) =>
      api(`/api/v1/runs/${runId}/signoffs`, {
        body: { role, comment, expectedSnapshot: run.snapshot },
        headers: { 'Idempotency-Key': idempotencyKey() },
      }),
    onSettled: () => refresh(),
  });

  const verifyWrite = useMutation({
    mutationFn: (item: RunItemView) =>
      api<RunItemState>(`/api/v1/runs/${runId}/items/${encodeURIComponent(item.id)}/verify`, { body: {} }),
    onSuccess: (saved) => applyItem(qc, runId, saved),
    onError: (err, item) => showError(item.id, err.message),
    onSettled: () => refresh(),
  });

  const reverifyWrite = useMutation({
    mutationFn: ({ item, every }: { item: RunItemView; every: string | null }) =>
      api(`/api/v1/runs/${runId}/items/${encodeURIComponent(item.id)}/reverify`, {
        method: 'PUT',
        body: { every },
      }),
    onError: (err, { item }) => showError(item.id, err.message),
    onSettled: () => refresh(),
  });

  // TanStack Query keeps each `mutate` stable, so these are too.
  const { mutate: writeItem } = itemWrite;
  const { mutate: writeReverify } = reverifyWrite;
  const { mutate: writeSign } = signWrite;
  const setItemState = useCallback(
    (item: RunItemView, state: ItemState, note?: string) =>
      writeItem({ item, body: note ? { state, note } : { state } }),
    [writeItem],
  );
  const setItemNote = useCallback(
    (item: RunItemView, note: string) => writeItem({ item, body: { note } }),
    [writeItem],
  );
  const reverify = useCallback(
    (item: RunItemView, every: string | null) => writeReverify({ item, every }),
    [writeReverify],
  );
  const sign = useCallback((role: string, comment?: string) => writeSign({ role, comment }), [writeSign]);

  return {
    errors,
    /** The item a write or a check is under way for (its row shows busy). */
    pendingItemId: itemWrite.isPending
      ? itemWrite.variables?.item.id
      : verifyWrite.isPending
        ? verifyWrite.variables?.id
        : undefined,
    setItemState,
    setItemNote,
    verify: verifyWrite.mutate,
    reverify,
    saveFields: fieldWrite.mutate,
    fieldsError: fieldWrite.error?.message,
    sign,
    signError: signWrite.error?.message,
  };
}

export type RunMutations = ReturnType<typeof useRunMutations>;
