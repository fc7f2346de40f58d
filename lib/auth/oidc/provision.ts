import { randomUUID } from 'node:crypto';
import { and, eq, ne } from 'drizzle-orm';
import type { Db } from '@/lib/db/client';
import { isUniqueViolation } from '@/lib/db/errors';
import { type RoleGrant, userIdentities, users } from '@/lib/db/schema';
import type { Role } from '../roles';
import type { SsoProfile } from './claims';
import type { SsoFailureReason } from './errors';

export interface ProvisionedUser {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  /** What happened to the account: made now, linked now, or found by issuer and subject. */
  outcome: 'provisioned' | 'linked' | 'existing';
  rolesChanged: boolean;
}

export type ProvisionResult = { ok: true; user: ProvisionedUser } | { ok: false; reason: SsoFailureReason };

interface Grant {
  email: string;
  roles: Role[];
  grants: RoleGrant[];
}

const sameRoles = (a: readonly Role[], b: readonly Role[]) =>
  a.length === b.length && a.every((r) => b.includes(r));

/** The email goes along unless another account already uses it (then the old one stays). */
async function freeEmail(tx: Db, email: string, userId: string, current: string): Promise<string> {
  if (email === current) return current;
  const [taken] = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.email, email), ne(users.id, userId)));
  return taken ? current : email;
}

async function signInKnown(
  tx: Db,
  profile: SsoProfile,
  g: Grant,
  user: typeof users.$inferSelect,
): Promise<ProvisionResult> {
  // Disabled in Liftoff stays disabled, whatever the provider says.
  if (user.disabledAt) return { ok: false, reason: 'disabled' };
  const email = await freeEmail(tx, g.email, user.id, user.email);
  await tx
    .update(users)
    .set({ name: profile.name, email, roles: g.roles, updatedAt: new Date() })
    .where(eq(users.id, user.id));
  await tx
    .update(userIdentities)
    .set({ email: g.email, grants: g.grants, lastLoginAt: new Date() })
    .where(and(eq(userIdentities.issuer, profile.issuer), eq(userIdentities.subject, profile.subject)));
  return {
    ok: true,
    user: {
      id: user.id,
      email,
      name: profile.name,
      roles: g.roles,
      outcome: 'existing',
      rolesChanged: !sameRoles(user.roles, g.roles),
    },
  };
}

async function attempt(db: Db, profile: SsoProfile, g: Grant): Promise<ProvisionResult> {
  return db.transaction(async (tx) => {
    const [known] = await tx
      .select({ user: users })
      .from(userIdentities)
      .innerJoin(users, eq(users.id, userIdentities.userId))
      .where(and(eq(userIdentities.issuer, profile.issuer), eq(userIdentities.subject, profile.subject)));
    if (known) return signInKnown(tx, profile, g, known.user);

    const identity = { issuer: profile.issuer, subject: profile.subject, email: g.email, grants: g.grants };
    const [local] = await tx.select().from(users).where(eq(users.email, g.email));
    if (local) {
      // Never by email alone: an admin must have allowed it, and the provider must vouch for the email.
      if (!local.ssoLinkAllowedAt) return { ok: false, reason: 'link_not_allowed' };
      if (!profile.emailVerified) return { ok: false, reason: 'email_unverified' };
      if (local.disabledAt) return { ok: false, reason: 'disabled' };
      await tx.insert(userIdentities).values({ ...identity, userId: local.id });
      await tx
        .update(users)
        .set({ name: profile.name, roles: g.roles, ssoLinkAllowedAt: null, updatedAt: new Date() })
        .where(eq(users.id, local.id));
      return {
        ok: true,
        user: {
          id: local.id,
          email: local.email,
          name: profile.name,
          roles: g.roles,
          outcome: 'linked',
          rolesChanged: !sameRoles(local.roles, g.roles),
        },
      };
    }

    const id = randomUUID();
    await tx
      .insert(users)
      .values({ id, email: g.email, name: profile.name, passwordHash: null, roles: g.roles });
    await tx.insert(userIdentities).values({ ...identity, userId: id });
    return {
      ok: true,
      user: {
        id,
        email: g.email,
        name: profile.name,
        roles: g.roles,
        outcome: 'provisioned',
        rolesChanged: false,
      },
    };
  });
}

/**
 * Finds or makes the Liftoff user for a person at the provider, keyed by issuer and subject,
 * and writes the roles their groups give now. Two first sign-ins racing: the loser retries
 * once and finds the winner's row.
 */
export async function provisionUser(db: Db, profile: SsoProfile, g: Grant): Promise<ProvisionResult> {
  try {
    return await attempt(db, profile, g);
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    return attempt(db, profile, g);
  }
}
