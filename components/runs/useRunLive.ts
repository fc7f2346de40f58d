'use client';

import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { runKeys } from '@/lib/client/query-keys';
import { AUDIT_ACTIONS, type RunEvent, type RunItemState, type RunView } from '@/lib/runs/types';

export interface Viewer {
  userId: string;
  name: string;
}

/** Applies an item's new state to the cached run unless the cache already has a newer version. */
export function applyItem(qc: QueryClient, runId: string, item: RunItemState) {
  qc.setQueryData<RunView>(runKeys.detail(runId), (run) =>
    run
      ? {
          ...run,
          items: run.items.map((i) =>
            i.id === item.id && item.version >= i.version ? { ...i, ...item } : i,
          ),
        }
      : run,
  );
}

const isItemState = (v: unknown): v is RunItemState =>
  typeof v === 'object' && v !== null && 'id' in v && 'state' in v && 'version' in v;

/**
 * Keeps the run page live: Server-Sent Events (the browser resends Last-Event-ID on reconnect,
 * so nothing is missed), item changes applied at once, everything else refetched.
 */
export function useRunLive(runId: string) {
  const qc = useQueryClient();
  const [viewers, setViewers] = useState<Viewer[]>([]);
  const [connected, setConnected] = useState(false);
  const refetch = useRef<ReturnType<typeof setTimeout> | null>(null);
  /**
   * One refetch for a burst of changes: a write's own success and its live echo (and anyone
   * else's changes arriving together) end in a single GET of the run, not one each.
   */
  const refresh = useCallback(() => {
    if (refetch.current) clearTimeout(refetch.current);
    const fire = () => {
      // While this tab's item writes are in flight a refetch could read the run between them and
      // briefly undo the optimistic ticks: wait until they are answered.
      if (qc.isMutating({ mutationKey: runKeys.itemWrites(runId) }) > 0) {
        refetch.current = setTimeout(fire, 150);
        return;
      }
      void qc.invalidateQueries({ queryKey: runKeys.detail(runId) });
    };
    refetch.current = setTimeout(fire, 150);
  }, [qc, runId]);

  useEffect(() => {
    const source = new EventSource(`/api/v1/runs/${runId}/events`);
    const seen = new Set<string>();
    const onChange = (e: MessageEvent) => {
      // A reconnect replays recent events that may already have arrived: apply each id once.
      if (e.lastEventId) {
        if (seen.has(e.lastEventId)) return;
        seen.add(e.lastEventId);
      }
      try {
        const event = JSON.parse(e.data) as RunEvent;
        if (isItemState(event.after)) applyItem(qc, runId, event.after);
        qc.invalidateQueries({ queryKey: runKeys.audit(runId) });
      } catch {
        // a malformed event only costs the instant update; the refetch below still runs
      }
      refresh();
    };
    for (const type of AUDIT_ACTIONS) {
      source.addEventListener(type, onChange);
    }
    source.addEventListener('presence', (e) => {
      try {
        setViewers((JSON.parse((e as MessageEvent).data) as { viewers: Viewer[] }).viewers);
      } catch {
        // ignore
      }
    });
    source.onopen = () => {
      setConnected(true);
      // Anything that changed between the page load and this connection.
      refresh();
    };
    source.onerror = () => setConnected(false);
    return () => {
      source.close();
      if (refetch.current) clearTimeout(refetch.current);
    };
  }, [runId, qc, refresh]);

  return { viewers, connected, refresh };
}
