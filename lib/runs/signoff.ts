/**
 * Signing a run. The signer is always the principal (nobody signs for someone else), only a
 * person signs (API keys cannot), only a holder of the row's user role signs it, and only a
 * completed run can be signed. The signature binds to the run's snapshot: any later change
 * makes it stale (checked at read time) and the signer can sign again.
 */
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { sessionIdentity } from '@/lib/auth/oidc/identity';
import { ROLE_LABELS } from '@/lib/auth/roles';
import { LiftoffError } from '@/lib/core/errors';
import { parseWith } from '@/lib/core/validate';
import type { Db } from '@/lib/db/client';
import { isUniqueViolation } from '@/lib/db/errors';
import { runItems, runSignoffs } from '@/lib/db/schema';
import { appendEvent } from './audit';
import { actorOf, type WriteContext } from './context';
import { currentSnapshot } from './read';
import { signedView } from './row-views';
import { lockRun } from './run-lock';
import { findRole, signerRoleFor, signoffRolesOf } from './signoff-roles';
import { signatureOf, snapshotHash } from './snapshot';
import { templateModel } from './template-model';
import type { RunEvent, SignoffView, WriteResult } from './types';
import { runWrite } from './write';

export const signInput = z.object({
  role: z.string().trim().min(1, 'name the sign-off role').max(100),
  comment: z
    .string()
    .max(2000, 'must be at most 2000 characters')
    .transform((s) => s.trim() || undefined)
    .optional(),
  /** The run's `snapshot` as the signer saw it: signing fails if the run changed since. */
  expectedSnapshot: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'must be the run snapshot hash')
    .optional(),
});
export type SignInput = z.input<typeof signInput>;

export interface SignResult {
  signoff: SignoffView;
  event: RunEvent;
}

export async function signRun(
  db: Db,
  ctx: WriteContext,
  runId: string,
  input: SignInput,
): Promise<WriteResult<SignResult>> {
  const p = ctx.principal;
  if (p.kind !== 'session')
    throw new LiftoffError('forbidden', 'A person signs: API keys cannot sign off a run.');
  const body = parseWith(signInput, input);
  try {
    return await runWrite(db, ctx, { op: 'signoff.sign', runId, body }, async (tx) => {
      const run = await lockRun(tx, runId, undefined);
      const model = await templateModel(tx, run.templateId, run.templateVersion);
      const role = findRole(signoffRolesOf(model.signoff.roles), body.role);
      if (!role) throw new LiftoffError('not_found', `This run has no sign-off row "${body.role}".`);
      const userRole = signerRoleFor(role);
      // Admin alone does not sign: the row is a statement by someone in that role.
      if (!p.roles.includes(userRole)) {
        throw new LiftoffError(
          'forbidden',
          `Only a user with the ${ROLE_LABELS[userRole]} role can sign the ${role} row.`,
        );
      }
      const items = await tx
        .select({ id: runItems.itemId, state: runItems.state, reference: runItems.reference })
        .from(runItems)
        .where(eq(runItems.runId, runId));
      const open = items.filter((i) => !i.reference && i.state !== 'done' && i.state !== 'skipped').length;
      if (open > 0) {
        throw new LiftoffError(
          'conflict',
          `the run is not completed yet: ${open} item${open === 1 ? '' : 's'} still open`,
          { open },
        );
      }
      const snapshot = currentSnapshot(run, model, items);
      const hash = snapshotHash(snapshot);
      if (body.expectedSnapshot && body.expectedSnapshot !== hash) {
        throw new LiftoffError(
          'conflict',
          'The run changed since you loaded it; review it again before signing.',
          {
            snapshot: hash,
          },
        );
      }
      const existing = await tx
        .select()
        .from(runSignoffs)
        .where(and(eq(runSignoffs.runId, runId), eq(runSignoffs.userId, p.userId)));
      const other = existing.find((s) => s.role !== role);
      if (other) {
        throw new LiftoffError(
          'conflict',
          `You already signed the ${other.role} row of this run; one person signs one row.`,
        );
      }
      const [held] = await tx
        .select()
        .from(runSignoffs)
        .where(and(eq(runSignoffs.runId, runId), eq(runSignoffs.role, role)));
      // A current signature by someone else stands; a stale one may be replaced by any holder of the role.
      if (held && held.userId !== p.userId && held.snapshotHash === hash) {
        throw new LiftoffError('conflict', `The ${role} row is already signed by ${held.name}.`);
      }
      // A single sign-on session signs as issuer + subject too, bound into the signature.
      const sso = await sessionIdentity(tx, p.sessionId);
      const signer = sso ? `${p.userId}\n${sso.issuer}\n${sso.subject}` : p.userId;
      const values = {
        runId,
        role,
        userRole,
        userId: p.userId,
        name: p.name,
        comment: body.comment ?? null,
        snapshotHash: hash,
        signature: signatureOf(snapshot, signer),
        issuer: sso?.issuer ?? null,
        subject: sso?.subject ?? null,
        signedAt: sql`clock_timestamp()`,
      };
      const [row] = await tx
        .insert(runSignoffs)
        .values(values)
        .onConflictDoUpdate({
          target: [runSignoffs.runId, runSignoffs.role],
          set: {
            userRole,
            userId: p.userId,
            name: p.name,
            comment: values.comment,
            snapshotHash: hash,
            signature: values.signature,
            issuer: values.issuer,
            subject: values.subject,
            signedAt: sql`clock_timestamp()`,
          },
        })
        .returning();
      const signoff = signedView(row!, false);
      const event = await appendEvent(tx, {
        runId,
        action: 'signoff.sign',
        actor: actorOf(p),
        subject: role,
        before: held ? signedView(held, held.snapshotHash !== hash) : null,
        after: signoff,
        note: body.comment ?? null,
        requestId: ctx.requestId,
        at: row!.signedAt,
      });
      return { signoff, event };
    });
  } catch (err) {
    // Two rows signed by one person at once: the unique index settles it.
    if (isUniqueViolation(err)) {
      throw new LiftoffError(
        'conflict',
        'You already signed another row of this run; one person signs one row.',
      );
    }
    throw err;
  }
}
