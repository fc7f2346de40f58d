/** The errors run reads and writes share: a missing run, a write to an ended run, who changed it first. */
import { LiftoffError } from '@/lib/core/errors';
import { formatUtc } from './row-views';
import type { RunTerminalStatus } from './types';

export const runNotFound = () => new LiftoffError('not_found', 'That run does not exist.');

const TERMINAL_WORDS: Record<RunTerminalStatus, string> = { aborted: 'aborted', rolled_back: 'rolled back' };

/** 409 for any write to a run that was aborted or rolled back. */
export function terminalConflict(status: RunTerminalStatus, reason: string | null): LiftoffError {
  return new LiftoffError(
    'conflict',
    `This run was ${TERMINAL_WORDS[status]}${reason ? ` (${reason})` : ''}; it can no longer change.`,
    { status },
  );
}

/** "Ada at 2026-11-22 14:03 UTC": who made the change a stale write collided with. */
export function changedBy(name: string | null | undefined, at: Date | string | null | undefined): string {
  const when = at ? ` at ${formatUtc(new Date(at))}` : '';
  return `${name ?? 'someone'}${when}`;
}
