'use client';

import { type FormEvent, useState } from 'react';
import { Badge, type Tone } from '@/components/ui/Badge';
import { cx } from '@/components/ui/cx';
import { inputClass } from '@/components/ui/Input';
import type { RunStageView, StageState } from '@/lib/runs/types';
import { GateSummary } from './GatePanel';
import type { RolloutMutations } from './useRolloutMutations';

const STATE: Record<StageState, { label: string; tone: Tone }> = {
  locked: { label: 'locked', tone: 'neutral' },
  ready: { label: 'ready', tone: 'info' },
  active: { label: 'active', tone: 'warn' },
  finished: { label: 'finished', tone: 'ok' },
};

/**
 * The rollout's stages in order: each with its state and progress, the active one
 * highlighted, locked ones greyed with what they wait for. The next stage to start carries
 * its gate and a Start button (admins may force it, with a reason).
 */
export function StageRail({
  stages,
  gated,
  canEdit,
  isAdmin,
  mutations,
}: {
  stages: RunStageView[];
  gated: boolean;
  canEdit: boolean;
  isAdmin: boolean;
  mutations: RolloutMutations;
}) {
  return (
    <nav
      aria-label="Stages"
      className="rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900"
    >
      <ol className="flex gap-2 overflow-x-auto pb-1" data-testid="stage-rail">
        {stages.map((s) => (
          <li
            key={s.id}
            data-testid="stage"
            data-state={s.state}
            aria-current={s.state === 'active' ? 'step' : undefined}
            className={cx(
              'min-w-48 flex-1 rounded-md border p-2 text-sm',
              s.state === 'active' &&
                'border-amber-400 bg-amber-50 dark:border-amber-700 dark:bg-amber-950/40',
              s.state === 'ready' && 'border-brand-500',
              s.state === 'finished' && 'border-emerald-300 dark:border-emerald-800',
              s.state === 'locked' && 'border-slate-200 opacity-70 dark:border-slate-800',
            )}
          >
            <a href={`#section-${s.sectionId}`} className="font-medium hover:underline">
              {s.title}
            </a>{' '}
            <Badge tone={STATE[s.state].tone}>{STATE[s.state].label}</Badge>
            <p className="mt-1 text-xs text-muted">
              {s.progress.total ? `${s.progress.done}/${s.progress.total} steps` : 'no steps'}
              {s.startedAt ? ` · started by ${s.startedBy ?? 'someone'}` : ''}
              {s.forced ? ' · forced' : ''}
              {s.triggers.some((t) => t.state === 'firing') ? ' · trigger firing' : ''}
            </p>
            {s.state === 'locked' && s.waitingFor ? (
              <p className="mt-1 text-xs text-muted">waiting for: {s.waitingFor}</p>
            ) : null}
            {gated && (s.state === 'ready' || s.state === 'locked') && s.gate.total > 0 ? (
              <GateSummary gate={s.gate} />
            ) : null}
            {gated && !s.startedAt && canEdit ? (
              <StartStage stage={s} isAdmin={isAdmin} mutations={mutations} />
            ) : null}
          </li>
        ))}
      </ol>
    </nav>
  );
}

function StartStage({
  stage,
  isAdmin,
  mutations,
}: {
  stage: RunStageView;
  isAdmin: boolean;
  mutations: RolloutMutations;
}) {
  const [forcing, setForcing] = useState(false);
  const canStart = stage.state === 'ready' && stage.gate.passes;
  const pending = mutations.start.isPending && mutations.start.variables?.stageId === stage.id;
  const error = mutations.start.variables?.stageId === stage.id ? mutations.start.error : null;
  const force = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const reason = String(new FormData(e.currentTarget).get('reason') ?? '');
    mutations.start.mutate(
      { stageId: stage.id, force: true, reason },
      { onSuccess: () => setForcing(false) },
    );
  };
  return (
    <div className="mt-2 space-y-1 text-xs">
      {canStart ? (
        <button
          type="button"
          disabled={pending}
          onClick={() => mutations.start.mutate({ stageId: stage.id })}
          className="rounded bg-brand-600 px-2 py-1 font-medium text-white disabled:opacity-60"
        >
          Start {stage.title}
        </button>
      ) : null}
      {isAdmin && !canStart && !forcing ? (
        <button type="button" onClick={() => setForcing(true)} className="underline">
          Force start…
        </button>
      ) : null}
      {forcing ? (
        <form onSubmit={force} className="flex flex-wrap gap-1">
          <label htmlFor={`force-${stage.id}`} className="sr-only">
            Why force this stage
          </label>
          <input
            id={`force-${stage.id}`}
            name="reason"
            required
            placeholder="Why start it before its gate passes?"
            className={`${inputClass} py-1 text-xs`}
            ref={(el) => el?.focus()}
          />
          <button type="submit" className="rounded bg-red-600 px-2 py-1 font-medium text-white">
            Force start
          </button>
          <button type="button" onClick={() => setForcing(false)} className="underline">
            Cancel
          </button>
        </form>
      ) : null}
      {error ? (
        <p role="alert" className="text-red-700 dark:text-red-400">
          {error.message}
        </p>
      ) : null}
    </div>
  );
}
