import { desc } from 'drizzle-orm';
import type { Db } from '@/lib/db/client';
import { authEvents } from '@/lib/db/schema';

export type AuthAction = 'sso.login' | 'sso.provisioned' | 'sso.linked' | 'sso.denied' | 'sso.rejected';

export interface AuthEvent {
  id: number;
  action: AuthAction;
  reason: string | null;
  userId: string | null;
  issuer: string | null;
  subject: string | null;
  email: string | null;
  detail: unknown;
  at: string;
}

export interface NewAuthEvent {
  action: AuthAction;
  reason?: string;
  userId?: string;
  issuer?: string;
  subject?: string;
  email?: string | null;
  detail?: Record<string, unknown>;
  ip?: string;
}

/** One row in the append-only sign-in trail. */
export async function recordAuthEvent(db: Db, e: NewAuthEvent): Promise<void> {
  await db.insert(authEvents).values({
    action: e.action,
    reason: e.reason ?? null,
    userId: e.userId ?? null,
    issuer: e.issuer ?? null,
    subject: e.subject ?? null,
    email: e.email ?? null,
    detail: e.detail ?? null,
    ip: e.ip ?? null,
  });
}

export async function listAuthEvents(db: Db, limit = 100): Promise<AuthEvent[]> {
  const rows = await db
    .select()
    .from(authEvents)
    .orderBy(desc(authEvents.id))
    .limit(Math.max(1, Math.min(500, Math.trunc(limit))));
  return rows.map((r) => ({
    id: Number(r.id),
    action: r.action as AuthAction,
    reason: r.reason,
    userId: r.userId,
    issuer: r.issuer,
    subject: r.subject,
    email: r.email,
    detail: r.detail,
    at: r.createdAt.toISOString(),
  }));
}
