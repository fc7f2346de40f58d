'use client';

import { useMutation } from '@tanstack/react-query';
import { api } from '@/lib/client/api';
import type { RunStageView } from '@/lib/runs/types';

const idempotencyKey = () => crypto.randomUUID();

/** Starting a stage and acknowledging a trigger; each ends in the run page's one refetch. */
export function useRolloutMutations(runId: string, refresh: () => void) {
  const start = useMutation({
    mutationFn: ({ stageId, force, reason }: { stageId: string; force?: boolean; reason?: string }) =>
      api<RunStageView>(`/api/v1/runs/${runId}/stages/${encodeURIComponent(stageId)}/start`, {
        body: force ? { force, reason } : {},
        headers: { 'Idempotency-Key': idempotencyKey() },
      }),
    onSettled: () => refresh(),
  });
  const ack = useMutation({
    mutationFn: ({ triggerId, note, silenceFor }: { triggerId: string; note: string; silenceFor: string }) =>
      api(`/api/v1/runs/${runId}/triggers/${encodeURIComponent(triggerId)}/ack`, {
        body: { note, silenceFor },
        headers: { 'Idempotency-Key': idempotencyKey() },
      }),
    onSettled: () => refresh(),
  });
  return { start, ack };
}

export type RolloutMutations = ReturnType<typeof useRolloutMutations>;
