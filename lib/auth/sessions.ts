import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import { sessions, users } from '@/lib/db/schema';
import { metrics } from '@/lib/metrics/registry';
import { isReady, tryRedis } from '@/lib/redis/client';
import { randomToken, sha256 } from './crypto';
import type { Principal, RequestDeps } from './principal';
import { cachedPrincipal, cacheGeneration, invalidatePrincipals, rememberPrincipal } from './principal-cache';

export const SESSION_COOKIE = 'liftoff_session';
const KEY = (id: string) => `liftoff:sess:${id}`;
const USER_KEY = (userId: string) => `liftoff:usess:${userId}`;
/** Upper bound on how long a cached session may outlive a lost invalidation. */
const MAX_CACHE_SECONDS = 600;

interface Cached {
  u: string;
  e: string;
  n: string;
  r: Principal['roles'];
  x: number;
}

export async function createSession(
  deps: RequestDeps,
  userId: string,
  ttlHours: number,
  userAgent?: string,
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomToken();
  const expiresAt = new Date(Date.now() + ttlHours * 3_600_000);
  await deps.db
    .insert(sessions)
    .values({ id: sha256(token), userId, expiresAt, userAgent: userAgent?.slice(0, 300) ?? null });
  return { token, expiresAt };
}

const toPrincipal = (id: string, c: Cached): Principal => ({
  kind: 'session',
  sessionId: id,
  userId: c.u,
  email: c.e,
  name: c.n,
  roles: c.r,
});

/**
 * The function every request uses to check a session cookie. A Redis hit answers without
 * touching PostgreSQL; a miss reads PostgreSQL and fills the cache; Redis down means
 * PostgreSQL only.
 */
export async function validateSession(
  deps: RequestDeps,
  token: string | undefined,
): Promise<Principal | null> {
  if (!token || token.length > 200) return null;
  const id = sha256(token);
  const m = metrics().sessionCache;
  const local = cachedPrincipal(`s:${id}`);
  if (local) {
    m.inc({ result: 'hit' });
    return local;
  }
  const generation = cacheGeneration();
  const raw = await tryRedis(deps.redis, (r) => r.get(KEY(id)), undefined);
  if (raw) {
    const cached = JSON.parse(raw) as Cached;
    if (cached.x > Date.now()) {
      m.inc({ result: 'hit' });
      return remembered(id, cached, generation);
    }
  }
  m.inc({ result: raw === undefined ? 'bypass' : 'miss' });

  const [row] = await deps.db
    .select({
      userId: users.id,
      email: users.email,
      name: users.name,
      roles: users.roles,
      expiresAt: sessions.expiresAt,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, id), gt(sessions.expiresAt, new Date()), isNull(users.disabledAt)));
  if (!row) return null;

  const cached: Cached = {
    u: row.userId,
    e: row.email,
    n: row.name,
    r: row.roles,
    x: row.expiresAt.getTime(),
  };
  const ttl = Math.min(MAX_CACHE_SECONDS, Math.floor((cached.x - Date.now()) / 1000));
  if (ttl > 0) {
    await tryRedis(
      deps.redis,
      (r) =>
        r
          .multi()
          .set(KEY(id), JSON.stringify(cached), 'EX', ttl)
          .sadd(USER_KEY(row.userId), id)
          .expire(USER_KEY(row.userId), MAX_CACHE_SECONDS)
          .exec(),
      null,
    );
  }
  return remembered(id, cached, generation);
}

function remembered(id: string, cached: Cached, generation: number): Principal {
  const principal = toPrincipal(id, cached);
  rememberPrincipal(`s:${id}`, principal, generation, cached.x);
  return principal;
}

/** Redis clients that missed an invalidation while down; their session cache is flushed on reconnect. */
const pendingFlush = new WeakSet<Redis>();

async function flushSessionCache(r: Redis) {
  let cursor = '0';
  do {
    const [next, keys] = await r.scan(cursor, 'MATCH', 'liftoff:*sess:*', 'COUNT', 500);
    if (keys.length) await r.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
}

function rememberMissedInvalidation(r: Redis | null) {
  if (!r || pendingFlush.has(r)) return;
  pendingFlush.add(r);
  r.once('ready', () => {
    pendingFlush.delete(r);
    flushSessionCache(r).catch(() => rememberMissedInvalidation(r));
  });
}

async function dropCached(deps: RequestDeps, ids: string[], userId?: string) {
  // Every instance forgets the credentials it verified (a user's API keys carry their roles too).
  await invalidatePrincipals(deps.redis);
  if (!deps.redis) return;
  const keys = ids.map(KEY);
  if (userId) keys.push(USER_KEY(userId));
  if (keys.length === 0) return;
  const ok = await tryRedis(deps.redis, async (r) => (await r.unlink(...keys)) >= 0, false);
  if (!ok || !isReady(deps.redis)) rememberMissedInvalidation(deps.redis);
}

/** Logout: the session stops working in PostgreSQL and in the cache. */
export async function revokeSession(deps: RequestDeps, sessionId: string): Promise<void> {
  await deps.db.delete(sessions).where(eq(sessions.id, sessionId));
  await dropCached(deps, [sessionId]);
}

/** Disable or role change: every session of the user is dropped from the cache (and, on disable, deleted). */
export async function revokeUserSessions(
  deps: RequestDeps,
  userId: string,
  opts: { delete: boolean },
): Promise<void> {
  const rows = opts.delete
    ? await deps.db.delete(sessions).where(eq(sessions.userId, userId)).returning({ id: sessions.id })
    : await deps.db.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, userId));
  await dropCached(
    deps,
    rows.map((r) => r.id),
    userId,
  );
}
