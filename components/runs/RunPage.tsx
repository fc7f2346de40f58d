'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { RolloutPanel } from '@/components/rollout/RolloutPanel';
import { api } from '@/lib/client/api';
import { runKeys } from '@/lib/client/query-keys';
import type { RunView } from '@/lib/runs/types';
import { ActivityList } from './ActivityList';
import { RunChecklist } from './RunChecklist';
import { RunHeader } from './RunHeader';
import { RunSidebar } from './RunSidebar';
import { type RunTab, RunTabs } from './RunTabs';
import { SectionNav } from './SectionNav';
import { useChecklistView } from './useChecklistView';
import { useItemActions } from './useItemActions';
import { useRunKeyboard } from './useRunKeyboard';
import { useRunLive } from './useRunLive';
import { useRunMutations } from './useRunMutations';

interface RunPageViewer {
  userId: string;
  roles: string[];
}

/** Engineers and admins change a run until it is aborted or rolled back; everyone else reads it. */
const canEditRun = (run: RunView, roles: string[]) =>
  roles.some((r) => r === 'engineer' || r === 'admin') &&
  run.status !== 'aborted' &&
  run.status !== 'rolled_back';

/**
 * A live run: the server-rendered run kept current by its event stream, the header, then the
 * checklist (sections, items, side panels) or its activity trail.
 */
export function RunPage({ initial, me }: { initial: RunView; me: RunPageViewer }) {
  const runId = initial.id;
  const { data: run = initial } = useQuery({
    queryKey: runKeys.detail(runId),
    queryFn: ({ signal }) => api<RunView>(`/api/v1/runs/${runId}`, { signal }),
    initialData: initial,
  });
  const { viewers, connected, refresh } = useRunLive(runId);
  const writes = useRunMutations(run, refresh);
  const view = useChecklistView(run, me.userId);
  const actions = useItemActions(view, writes);
  const [tab, setTab] = useState<RunTab>('checklist');
  const canEdit = canEditRun(run, me.roles);
  useRunKeyboard({
    enabled: tab === 'checklist',
    items: view.visible,
    focus: view.focus,
    setFocus: view.setFocus,
    canEdit,
    actions,
  });

  return (
    <div>
      <RunHeader run={run} viewers={viewers} connected={connected} canEdit={canEdit} />
      <RolloutPanel
        run={run}
        canEdit={canEdit}
        isAdmin={me.roles.includes('admin')}
        refresh={refresh}
        onRollBack={view.openRollback}
      />
      <RunTabs tab={tab} onChange={setTab} />
      {tab === 'activity' ? (
        <ActivityList runId={runId} />
      ) : (
        <div className="grid gap-6 lg:grid-cols-[14rem_1fr_20rem]">
          <SectionNav sections={run.sections} />
          <RunChecklist
            run={run}
            view={view}
            canEdit={canEdit}
            errors={writes.errors}
            pendingItemId={writes.pendingItemId}
            actions={actions}
          />
          <RunSidebar run={run} myRoles={me.roles} canEdit={canEdit} writes={writes} />
        </div>
      )}
    </div>
  );
}
