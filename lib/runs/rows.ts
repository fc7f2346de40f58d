/** Row → API shape mappings shared by the reads and the writes. */
import { LiftoffError } from '@/lib/core/errors';
import type { runItems, runSignoffs } from '@/lib/db/schema';
import type { RunItemState, RunTerminalStatus, SignoffView } from './types';

export type ItemRow = typeof runItems.$inferSelect;
export type SignoffRow = typeof runSignoffs.$inferSelect;

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : undefined);

export function itemStateOf(row: ItemRow): RunItemState {
  return {
    id: row.itemId,
    state: row.state,
    version: row.version,
    ...(row.byName !== null
      ? { by: { userId: row.byUserId, name: row.byName, kind: row.byKind ?? 'user' }, at: iso(row.stateAt) }
      : {}),
    ...(row.via ? { via: row.via } : {}),
    ...(row.note !== null
      ? { note: row.note, noteBy: row.noteByName ?? undefined, noteAt: iso(row.noteAt) }
      : {}),
    ...(row.evidence !== null && row.evidence !== undefined ? { evidence: row.evidence } : {}),
    ...(row.reverifyEveryMs ? { reverifyEveryMs: row.reverifyEveryMs } : {}),
  };
}

export const signedView = (row: SignoffRow, stale: boolean): SignoffView => ({
  role: row.role,
  userRole: row.userRole,
  name: row.name,
  userId: row.userId,
  at: iso(row.signedAt),
  ...(row.comment !== null ? { comment: row.comment } : {}),
  signature: row.signature,
  ...(row.issuer && row.subject ? { issuer: row.issuer, subject: row.subject } : {}),
  stale,
});

export const toIso = iso;

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

export const formatUtc = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
