'use client';

import { useState } from 'react';
import { EndRunForm } from '@/components/runs/RunActions';
import type { RunView } from '@/lib/runs/types';
import { StageRail } from './StageRail';
import { TriggerBanner } from './TriggerBanner';
import { TriggerList } from './TriggerList';
import { useRolloutMutations } from './useRolloutMutations';

/** A resolved trigger's grey banner stays this long after it cleared. */
const RESOLVED_SHOWN_MS = 60 * 60_000;

/**
 * A staged run's rollout, above its checklist: banners for firing (and recently resolved or
 * acknowledged) triggers, the stage rail with the next gate, and the watched triggers of the
 * stages that have started.
 */
export function RolloutPanel({
  run,
  canEdit,
  isAdmin,
  refresh,
  onRollBack,
}: {
  run: RunView;
  canEdit: boolean;
  isAdmin: boolean;
  refresh: () => void;
  /** Opens the checklist's rollback section. */
  onRollBack: () => void;
}) {
  const mutations = useRolloutMutations(run.id, refresh);
  const [rollingBack, setRollingBack] = useState(false);
  if (run.stages.length === 0) return null;
  const now = Date.now();
  const banners = run.stages.flatMap((stage) =>
    stage.triggers
      .filter(
        (t) =>
          t.state === 'firing' ||
          t.state === 'acknowledged' ||
          (t.state === 'resolved' && t.resolvedAt && now - Date.parse(t.resolvedAt) < RESOLVED_SHOWN_MS),
      )
      .map((trigger) => ({ stage, trigger })),
  );
  const watched = run.stages.filter(
    (s) => s.triggers.length > 0 && (s.state === 'active' || s.state === 'finished'),
  );
  return (
    <div className="mb-4 space-y-3">
      {banners.map(({ stage, trigger }) => (
        <TriggerBanner
          key={trigger.id}
          stage={stage}
          trigger={trigger}
          canEdit={canEdit}
          mutations={mutations}
          onRollBack={() => {
            setRollingBack(true);
            onRollBack();
          }}
        />
      ))}
      {rollingBack ? (
        <div className="rounded-lg border border-red-300 p-3 dark:border-red-800">
          <p className="mb-2 text-sm">Rolling back ends the run; the rollback section is open below.</p>
          <EndRunForm runId={run.id} status="rolled_back" onDone={() => setRollingBack(false)} />
        </div>
      ) : null}
      <StageRail
        stages={run.stages}
        gated={run.gated}
        canEdit={canEdit}
        isAdmin={isAdmin}
        mutations={mutations}
      />
      {watched.map((s) => (
        <details
          key={s.id}
          open={s.state === 'active'}
          className="rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900"
        >
          <summary className="cursor-pointer text-sm font-medium">Rollback triggers · {s.title}</summary>
          <div className="mt-2">
            <TriggerList triggers={s.triggers} />
          </div>
        </details>
      ))}
    </div>
  );
}
