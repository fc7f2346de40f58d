import { eq } from 'drizzle-orm';
import type { Db } from '@/lib/db/client';
import { ssoSessions } from '@/lib/db/schema';

export interface SsoIdentity {
  issuer: string;
  subject: string;
}

/** The provider identity a session was opened with; null for a password login. */
export async function sessionIdentity(db: Db, sessionId: string | undefined): Promise<SsoIdentity | null> {
  if (!sessionId) return null;
  const [row] = await db
    .select({ issuer: ssoSessions.issuer, subject: ssoSessions.subject })
    .from(ssoSessions)
    .where(eq(ssoSessions.sessionId, sessionId));
  return row ?? null;
}
