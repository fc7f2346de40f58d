/**
 * How a watched condition moves on one observation, like a Prometheus alerting rule. Pure:
 * the watcher applies the result with a conditional update, so two leaders never both fire.
 *
 * Trigger (the condition describes the bad state): ok → pending while it holds for less than
 * `for` → firing → resolved when it clears. An acknowledged trigger stays silent until its
 * silence ends; if it still holds then, it fires again.
 * Gate soak (the condition is the good state): holding since it began, else ok.
 */
import type { WatchKind, WatchState } from '@/lib/db/schema';

export interface WatchNow {
  kind: WatchKind;
  state: WatchState;
  since: Date | null;
  forMs: number;
  ackUntil: Date | null;
}

/** `holds`: the condition is true now; null when the check could not be evaluated. */
export interface Observation {
  holds: boolean | null;
}

export type Transition = 'fire' | 'resolve' | null;

export interface WatchNext {
  state: WatchState;
  since: Date | null;
  /** Set when this observation fires the trigger or resolves it. */
  transition: Transition;
}

export function nextWatch(w: WatchNow, obs: Observation, now: Date): WatchNext {
  const keep = { state: w.state, since: w.since, transition: null };
  if (obs.holds === null) return keep;
  if (w.kind === 'gate') {
    return obs.holds
      ? { state: 'holding', since: w.since ?? now, transition: null }
      : { state: 'ok', since: null, transition: null };
  }
  if (!obs.holds) {
    if (w.state === 'firing' || w.state === 'acknowledged')
      return { state: 'resolved', since: null, transition: 'resolve' };
    if (w.state === 'pending') return { state: 'ok', since: null, transition: null };
    return keep;
  }
  const since = w.since ?? now;
  switch (w.state) {
    case 'firing':
      return keep;
    case 'acknowledged':
      return w.ackUntil && now.getTime() >= w.ackUntil.getTime()
        ? { state: 'firing', since, transition: 'fire' }
        : keep;
    default:
      // ok, resolved, pending: fire once the bad condition has held for its `for`.
      return now.getTime() - since.getTime() >= w.forMs
        ? { state: 'firing', since, transition: 'fire' }
        : { state: 'pending', since, transition: null };
  }
}
