import { randomUUID } from 'node:crypto';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import { LiftoffError } from '@/lib/core/errors';
import type { Db } from '@/lib/db/client';
import { apiKeys, users } from '@/lib/db/schema';
import { randomToken, sha256 } from './crypto';
import type { Principal } from './principal';
import { cachedPrincipal, cacheGeneration, invalidatePrincipals, rememberPrincipal } from './principal-cache';

export const API_KEY_PREFIX = 'lft_';

export interface ApiKeyInfo {
  id: string;
  name: string;
  prefix: string;
  userId: string;
  userEmail: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** Creates a key; the plain key is returned once and only its SHA-256 is stored. */
export async function createApiKey(
  db: Db,
  userId: string,
  name: string,
): Promise<{ id: string; key: string }> {
  const key = `${API_KEY_PREFIX}${randomToken(30)}`;
  const id = randomUUID();
  await db
    .insert(apiKeys)
    .values({ id, userId, name: name.trim() || 'API key', keyHash: sha256(key), prefix: key.slice(0, 10) });
  return { id, key };
}

export async function listApiKeys(db: Db): Promise<ApiKeyInfo[]> {
  const rows = await db
    .select({ k: apiKeys, email: users.email })
    .from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.userId))
    .orderBy(desc(apiKeys.createdAt));
  return rows.map(({ k, email }) => ({
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    userId: k.userId,
    userEmail: email,
    createdAt: k.createdAt.toISOString(),
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    revokedAt: k.revokedAt?.toISOString() ?? null,
  }));
}

/** `redis`: where to announce the revocation to every instance's credential cache (default: this process's). */
export async function revokeApiKey(db: Db, id: string, redis?: Redis | null): Promise<void> {
  const updated = await db
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  if (updated.length) return invalidatePrincipals(redis);
  const [exists] = await db.select({ id: apiKeys.id }).from(apiKeys).where(eq(apiKeys.id, id));
  if (!exists) throw new LiftoffError('not_found', 'That API key does not exist.');
}

export async function validateApiKey(db: Db, key: string | undefined): Promise<Principal | null> {
  if (!key?.startsWith(API_KEY_PREFIX) || key.length > 200) return null;
  const hash = sha256(key);
  const cached = cachedPrincipal(`k:${hash}`);
  if (cached) return cached;
  const generation = cacheGeneration();
  const [row] = await db
    .select({ id: apiKeys.id, lastUsedAt: apiKeys.lastUsedAt, user: users })
    .from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.userId))
    .where(and(eq(apiKeys.keyHash, hash), isNull(apiKeys.revokedAt), isNull(users.disabledAt)));
  if (!row) return null;
  // Recording use on every call would turn each read into a write; once a minute is enough.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db.update(apiKeys).set({ lastUsedAt: sql`now()` }).where(eq(apiKeys.id, row.id));
  }
  const principal: Principal = {
    kind: 'apikey',
    apiKeyId: row.id,
    userId: row.user.id,
    email: row.user.email,
    name: row.user.name,
    roles: row.user.roles,
  };
  rememberPrincipal(`k:${hash}`, principal, generation);
  return principal;
}
