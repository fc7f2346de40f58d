'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/client/api';
import { runKeys } from '@/lib/client/query-keys';

type Following = { following: boolean };

/** Follow a run: its events reach you in the bell (and by email when an email channel exists). */
export function FollowButton({ runId }: { runId: string }) {
  const qc = useQueryClient();
  const key = runKeys.follow(runId);
  const q = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => api<Following>(`/api/v1/runs/${runId}/follow`, { signal }),
  });
  const toggle = useMutation({
    mutationFn: (follow: boolean) =>
      api<Following>(`/api/v1/runs/${runId}/follow`, { method: follow ? 'PUT' : 'DELETE' }),
    onSuccess: (r) => qc.setQueryData(key, r),
  });
  const following = q.data?.following ?? false;
  return (
    <button
      type="button"
      aria-pressed={following}
      disabled={q.isPending || toggle.isPending}
      onClick={() => toggle.mutate(!following)}
      title={following ? 'You get this run’s notifications; click to stop' : 'Get this run’s notifications'}
      className="rounded border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100 disabled:opacity-60 dark:border-slate-700 dark:hover:bg-slate-800"
    >
      {following ? 'Following' : 'Follow'}
    </button>
  );
}
