/** Row → API shape mappings (items, sign-offs, timestamps) shared by the reads and the writes. */
import type { runItems, runSignoffs } from '@/lib/db/schema';
import type { RunItemState, SignoffView } from './types';

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

export const formatUtc = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
