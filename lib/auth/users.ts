import { randomUUID } from 'node:crypto';
import { asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { LiftoffError } from '@/lib/core/errors';
import { type Db, rowsOf } from '@/lib/db/client';
import { isUniqueViolation } from '@/lib/db/errors';
import { type RoleGrant, userIdentities, users } from '@/lib/db/schema';
import { hashPassword, MIN_PASSWORD_LENGTH } from './password';
import { invalidatePrincipals } from './principal-cache';
import type { Role } from './roles';

export interface PublicUser {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  disabled: boolean;
  createdAt: string;
  /** `sso` once the user has signed in through the identity provider; their roles come from it. */
  source: 'local' | 'sso';
  /** May use the password form while password login is off (created with the CLI). */
  breakGlass: boolean;
  /** An admin allowed the next single sign-on with this email to link to this account. */
  ssoLinkAllowed: boolean;
  /** The provider identity of the latest single sign-on, and which groups gave which roles. */
  sso: { issuer: string; subject: string; grants: RoleGrant[]; lastLoginAt: string } | null;
}

type Identity = typeof userIdentities.$inferSelect;

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

const toPublic = (u: typeof users.$inferSelect, identity?: Identity): PublicUser => ({
  id: u.id,
  email: u.email,
  name: u.name,
  roles: u.roles,
  disabled: u.disabledAt !== null,
  createdAt: u.createdAt.toISOString(),
  source: identity ? 'sso' : 'local',
  breakGlass: u.breakGlass,
  ssoLinkAllowed: u.ssoLinkAllowedAt !== null,
  sso: identity
    ? {
        issuer: identity.issuer,
        subject: identity.subject,
        grants: identity.grants,
        lastLoginAt: identity.lastLoginAt.toISOString(),
      }
    : null,
});

/** The users with their latest provider identity (one query for all of them). */
async function withIdentities(db: Db, rows: (typeof users.$inferSelect)[]): Promise<PublicUser[]> {
  if (rows.length === 0) return [];
  const identities = await db
    .select()
    .from(userIdentities)
    .where(
      inArray(
        userIdentities.userId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(desc(userIdentities.lastLoginAt));
  const latest = new Map<string, Identity>();
  for (const i of identities) if (!latest.has(i.userId)) latest.set(i.userId, i);
  return rows.map((r) => toPublic(r, latest.get(r.id)));
}

export interface NewUser {
  email: string;
  name: string;
  password: string;
  roles: Role[];
  /** Created with the CLI: may log in with a password while password login is off. */
  breakGlass?: boolean;
}

function checkPassword(password: string) {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new LiftoffError(
      'validation_failed',
      `The password must be at least ${MIN_PASSWORD_LENGTH} characters.`,
    );
  }
}

export async function createUser(db: Db, input: NewUser): Promise<PublicUser> {
  checkPassword(input.password);
  const email = normaliseEmail(input.email);
  try {
    const [row] = await db
      .insert(users)
      .values({
        id: randomUUID(),
        email,
        name: input.name.trim(),
        passwordHash: await hashPassword(input.password),
        roles: [...new Set(input.roles)],
        breakGlass: input.breakGlass ?? false,
      })
      .returning();
    return toPublic(row!);
  } catch (err) {
    if (isUniqueViolation(err))
      throw new LiftoffError('conflict', `A user with the email ${email} already exists.`);
    throw err;
  }
}

/** Any constant; it only has to be the same for every Liftoff instance. */
const FIRST_ADMIN_LOCK = 7_214_002;

/**
 * Creates the first admin only while no user exists. Two setups racing on two instances would
 * both see an empty table under READ COMMITTED, so setup takes a transaction-scoped advisory
 * lock first: the second one then sees the first one's row and creates nothing.
 */
export async function createFirstAdmin(db: Db, input: Omit<NewUser, 'roles'>): Promise<PublicUser | null> {
  checkPassword(input.password);
  const passwordHash = await hashPassword(input.password);
  const id = await db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${FIRST_ADMIN_LOCK})`);
    const result = await tx.execute(sql`
      INSERT INTO users (id, email, name, password_hash, roles)
      SELECT ${randomUUID()}, ${normaliseEmail(input.email)}, ${input.name.trim()}, ${passwordHash}, ARRAY['admin','engineer']::text[]
      WHERE NOT EXISTS (SELECT 1 FROM users)
      RETURNING id`);
    return rowsOf<{ id: string }>(result)[0]?.id;
  });
  return id ? getUser(db, id) : null;
}

export async function countUsers(db: Db): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
  return row?.n ?? 0;
}

export async function getUser(db: Db, id: string): Promise<PublicUser | null> {
  const rows = await db.select().from(users).where(eq(users.id, id));
  return (await withIdentities(db, rows))[0] ?? null;
}

export async function findUserByEmail(db: Db, email: string) {
  const [row] = await db
    .select()
    .from(users)
    .where(eq(users.email, normaliseEmail(email)));
  return row ?? null;
}

export async function requireUserByEmail(db: Db, email: string): Promise<PublicUser> {
  const row = await findUserByEmail(db, email);
  if (!row) throw new LiftoffError('not_found', `No user has the email ${normaliseEmail(email)}.`);
  return toPublic(row);
}

export async function listUsers(db: Db): Promise<PublicUser[]> {
  return withIdentities(db, await db.select().from(users).orderBy(asc(users.email)));
}

export interface UserPatch {
  roles?: Role[];
  disabled?: boolean;
  name?: string;
  ssoLinkAllowed?: boolean;
}

export async function updateUser(db: Db, id: string, patch: UserPatch): Promise<PublicUser> {
  const values: Partial<typeof users.$inferInsert> = { updatedAt: new Date() };
  if (patch.roles) values.roles = [...new Set(patch.roles)];
  if (patch.name !== undefined) values.name = patch.name.trim();
  if (patch.disabled !== undefined) values.disabledAt = patch.disabled ? new Date() : null;
  if (patch.ssoLinkAllowed !== undefined) values.ssoLinkAllowedAt = patch.ssoLinkAllowed ? new Date() : null;
  const rows = await db.update(users).set(values).where(eq(users.id, id)).returning();
  if (!rows[0]) throw new LiftoffError('not_found', 'That user does not exist.');
  // Credentials verified before carry the old name and roles: every instance drops them.
  await invalidatePrincipals();
  return (await withIdentities(db, rows))[0]!;
}
