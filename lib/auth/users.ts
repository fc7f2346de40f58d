import { randomUUID } from 'node:crypto';
import { asc, eq, sql } from 'drizzle-orm';
import { LiftoffError } from '@/lib/core/errors';
import { type Db, rowsOf } from '@/lib/db/client';
import { isUniqueViolation } from '@/lib/db/errors';
import { users } from '@/lib/db/schema';
import { hashPassword, MIN_PASSWORD_LENGTH } from './password';
import type { Role } from './roles';

export interface PublicUser {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  disabled: boolean;
  createdAt: string;
}

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

const toPublic = (u: typeof users.$inferSelect): PublicUser => ({
  id: u.id,
  email: u.email,
  name: u.name,
  roles: u.roles,
  disabled: u.disabledAt !== null,
  createdAt: u.createdAt.toISOString(),
});

export interface NewUser {
  email: string;
  name: string;
  password: string;
  roles: Role[];
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
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row ? toPublic(row) : null;
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
  return (await db.select().from(users).orderBy(asc(users.email))).map(toPublic);
}

export async function updateUser(
  db: Db,
  id: string,
  patch: { roles?: Role[]; disabled?: boolean; name?: string },
): Promise<PublicUser> {
  const values: Partial<typeof users.$inferInsert> = { updatedAt: new Date() };
  if (patch.roles) values.roles = [...new Set(patch.roles)];
  if (patch.name !== undefined) values.name = patch.name.trim();
  if (patch.disabled !== undefined) values.disabledAt = patch.disabled ? new Date() : null;
  const [row] = await db.update(users).set(values).where(eq(users.id, id)).returning();
  if (!row) throw new LiftoffError('not_found', 'That user does not exist.');
  return toPublic(row);
}
