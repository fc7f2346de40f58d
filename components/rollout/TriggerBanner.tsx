'use client';

import { type FormEvent, useState } from 'react';
import { inputClass } from '@/components/ui/Input';
import { when } from '@/components/ui/when';
import type { RunStageView, TriggerView } from '@/lib/runs/types';
import { humanDuration, showValue } from './format';
import type { RolloutMutations } from './useRolloutMutations';

const SILENCES = ['10m', '30m', '1h', '2h', '8h', '1d'];

/**
 * A firing rollback trigger, impossible to miss: what it watches, the value against its
 * threshold, since when; Roll back (the run's rolled-back status, with a reason) or
 * Acknowledge (a note, silenced for a while). A trigger that cleared turns grey.
 */
export function TriggerBanner({
  stage,
  trigger,
  canEdit,
  mutations,
  onRollBack,
}: {
  stage: RunStageView;
  trigger: TriggerView;
  canEdit: boolean;
  mutations: RolloutMutations;
  onRollBack: () => void;
}) {
  const [acking, setAcking] = useState(false);
  const firing = trigger.state === 'firing';
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    mutations.ack.mutate(
      {
        triggerId: trigger.id,
        note: String(form.get('note') ?? ''),
        silenceFor: String(form.get('silence')),
      },
      { onSuccess: () => setAcking(false) },
    );
  };
  const since = trigger.firedAt ?? trigger.since;
  return (
    <div
      role={firing ? 'alert' : 'status'}
      data-testid="trigger-banner"
      data-state={trigger.state}
      className={
        firing
          ? 'rounded-lg border border-red-300 bg-red-50 p-3 text-red-900 dark:border-red-800 dark:bg-red-950/60 dark:text-red-100'
          : 'rounded-lg border border-slate-300 bg-slate-100 p-3 text-slate-800 dark:border-slate-700 dark:bg-slate-800 dark:text-slate-100'
      }
    >
      <p className="text-sm font-semibold">
        {firing
          ? 'Rollback trigger fired'
          : trigger.state === 'acknowledged'
            ? 'Trigger acknowledged'
            : 'Trigger resolved'}{' '}
        <span className="font-normal">· {stage.title}</span>
      </p>
      <p className="mt-1 text-sm">{trigger.text}</p>
      <p className="mt-1 text-xs">
        value <strong className="font-mono">{showValue(trigger.value)}</strong>
        {trigger.threshold ? <> · bad when {trigger.threshold}</> : null}
        {since ? <> · since {when(since)} UTC</> : null}
        {trigger.state === 'resolved' && trigger.firedAt && trigger.resolvedAt ? (
          <> · fired for {humanDuration(Date.parse(trigger.resolvedAt) - Date.parse(trigger.firedAt))}</>
        ) : null}
        {trigger.state === 'acknowledged' && trigger.ackUntil ? (
          <>
            {' '}
            · silenced until {when(trigger.ackUntil)} UTC by {trigger.ackBy}: “{trigger.ackNote}”
          </>
        ) : null}
      </p>
      {firing && canEdit ? (
        acking ? (
          <form onSubmit={submit} className="mt-2 flex flex-wrap items-center gap-2 text-sm">
            <label htmlFor={`ack-note-${trigger.id}`} className="sr-only">
              What is being done
            </label>
            <input
              id={`ack-note-${trigger.id}`}
              name="note"
              required
              placeholder="What is being done about it?"
              className={`${inputClass} max-w-sm py-1`}
              ref={(el) => el?.focus()}
            />
            <label className="inline-flex items-center gap-1">
              silence for
              <select name="silence" defaultValue="30m" className={`${inputClass} w-auto py-1`}>
                {SILENCES.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            </label>
            <button
              type="submit"
              className="rounded bg-slate-900 px-2.5 py-1 font-medium text-white dark:bg-slate-100 dark:text-slate-900"
            >
              Acknowledge
            </button>
            <button type="button" onClick={() => setAcking(false)} className="text-xs underline">
              Cancel
            </button>
          </form>
        ) : (
          <div className="mt-2 flex gap-2 text-sm">
            <button
              type="button"
              onClick={onRollBack}
              className="rounded bg-red-600 px-2.5 py-1 font-medium text-white"
            >
              Roll back…
            </button>
            <button
              type="button"
              onClick={() => setAcking(true)}
              className="rounded border border-red-400 px-2.5 py-1 font-medium dark:border-red-700"
            >
              Acknowledge…
            </button>
          </div>
        )
      ) : null}
      {mutations.ack.error ? (
        <p role="alert" className="mt-1 text-xs">
          {mutations.ack.error.message}
        </p>
      ) : null}
    </div>
  );
}
