/**
 * Run status is derived, not stored: only the manual terminal states (aborted, rolled back)
 * are written. Deriving the rest keeps item writes off the run row, so many people (and CI)
 * can tick items of one run at once without queueing behind each other.
 */
import type { Progress, RunStatus, RunTerminalStatus } from './types';

export interface StatusInput {
  terminalStatus: RunTerminalStatus | null;
  /** Set by the first change to an item or field. */
  started: boolean;
  progress: Progress;
  /** How many template sign-off roles have a current (not stale) signature. */
  currentSignoffs: number;
  requiredSignoffs: number;
}

/** A run with nothing to tick is complete only once someone has touched it. */
export const isComplete = (progress: Progress, started: boolean) =>
  progress.done >= progress.total && (progress.total > 0 || started);

export function deriveStatus(s: StatusInput): RunStatus {
  if (s.terminalStatus) return s.terminalStatus;
  if (isComplete(s.progress, s.started)) {
    return s.currentSignoffs >= s.requiredSignoffs ? 'verified' : 'completed';
  }
  return s.started ? 'in_progress' : 'not_started';
}
