import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { changeUser } from '@/lib/auth/admin';
import { createApiKey, revokeApiKey, validateApiKey } from '@/lib/auth/apikeys';
import { disablePrincipalCache, enablePrincipalCache } from '@/lib/auth/principal-cache';
import { createSession, revokeSession, validateSession } from '@/lib/auth/sessions';
import { createUser } from '@/lib/auth/users';
import type { Database } from '@/lib/db/client';
import { apiKeys } from '@/lib/db/schema';
import { createRedis } from '@/lib/redis/client';
import { freshPostgres, REDIS_URL } from '../support/db';

const ready = (r: Redis) =>
  new Promise<void>((resolve) => (r.status === 'ready' ? resolve() : r.once('ready', () => resolve())));
/** A store that fails every query: proves an answer came from the in-process cache. */
const failingDb = (db: Database['db']) =>
  new Proxy(db, {
    get: () => () => {
      throw new Error('store read on a cache hit');
    },
  });

describe('in-process credential cache', () => {
  let store: Database;
  let redis: Redis;
  /** Another instance's client: what it publishes must reach this process's cache. */
  let other: Redis;
  let n = 0;
  const user = async (roles: ('engineer' | 'admin')[] = ['engineer']) =>
    createUser(store.db, { email: `pc-${n++}@example.io`, name: 'P', password: 'pc-password-123', roles });

  beforeAll(async () => {
    store = await freshPostgres();
    redis = createRedis(REDIS_URL, 'liftoff-test');
    other = createRedis(REDIS_URL, 'liftoff-test-other');
    await Promise.all([ready(redis), ready(other)]);
    enablePrincipalCache(redis, false);
  });
  afterEach(() => {
    // Each test starts with an empty cache (disable clears it; enable again listens again).
    disablePrincipalCache();
    enablePrincipalCache(redis, false);
  });
  afterAll(async () => {
    disablePrincipalCache();
    redis.disconnect();
    other.disconnect();
    await store.close();
  });

  const warm = async (key: string) => {
    // Until the subscriber is connected the cache stays unused: keep validating until it serves.
    for (let i = 0; i < 200; i++) {
      expect(await validateApiKey(store.db, key)).not.toBeNull();
      try {
        if (await validateApiKey(failingDb(store.db), key)) return;
      } catch {}
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error('the cache never served the key');
  };

  it('answers a verified API key from memory, and forgets it at once when revoked', async () => {
    const u = await user();
    const { id, key } = await createApiKey(store.db, u.id, 'ci');
    await warm(key);
    await revokeApiKey(store.db, id);
    expect(await validateApiKey(store.db, key)).toBeNull();
  });

  it('forgets every credential when another instance announces an invalidation', async () => {
    const u = await user();
    const { key } = await createApiKey(store.db, u.id, 'ci');
    await warm(key);
    // Revoked behind this process's back, then announced by "another instance" only.
    await store.db.update(apiKeys).set({ revokedAt: new Date() });
    expect(await validateApiKey(failingDb(store.db), key)).not.toBeNull();
    await other.publish('liftoff:auth:invalidate', '*');
    for (let i = 0; i < 200; i++) {
      const p = await validateApiKey(store.db, key);
      if (p === null) return;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error('the revoked key was still accepted');
  });

  it('a role change reaches the next request made with an API key', async () => {
    const admin = await user(['admin']);
    const u = await user(['engineer', 'admin']);
    const { key } = await createApiKey(store.db, u.id, 'ci');
    await warm(key);
    await changeUser(
      { db: store.db, redis },
      { kind: 'session', userId: admin.id, email: '', name: '', roles: ['admin'] },
      u.id,
      { roles: ['engineer'] },
    );
    expect((await validateApiKey(store.db, key))?.roles).toEqual(['engineer']);
  });

  it('a revoked session is refused on the next request', async () => {
    const u = await user();
    const deps = { db: store.db, redis };
    const { token } = await createSession(deps, u.id, 1);
    for (let i = 0; i < 200; i++) {
      expect(await validateSession(deps, token)).not.toBeNull();
      if (await validateSession({ db: failingDb(store.db), redis: null }, token).catch(() => null)) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    const principal = await validateSession(deps, token);
    await revokeSession(deps, principal!.sessionId!);
    expect(await validateSession(deps, token)).toBeNull();
  });
});
