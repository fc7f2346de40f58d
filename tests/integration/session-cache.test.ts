import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeUser } from '@/lib/auth/admin';
import { login } from '@/lib/auth/login';
import { createSession, validateSession } from '@/lib/auth/sessions';
import { createUser } from '@/lib/auth/users';
import type { Database } from '@/lib/db/client';
import { checkHealth } from '@/lib/health/check';
import { metrics } from '@/lib/metrics/registry';
import { createRedis } from '@/lib/redis/client';
import { freshPostgres, REDIS_URL } from '../support/db';

const PASSWORD = 'correct horse battery';
const ready = (r: Redis) =>
  new Promise<void>((resolve) => (r.status === 'ready' ? resolve() : r.once('ready', () => resolve())));
const cacheCount = async (result: string) =>
  (await metrics().sessionCache.get()).values.find((v) => v.labels.result === result)?.value ?? 0;

describe('session cache in Redis', () => {
  let store: Database;
  let redis: Redis;
  beforeAll(async () => {
    store = await freshPostgres();
    redis = createRedis(REDIS_URL, 'liftoff-test');
    await ready(redis);
  });
  afterAll(async () => {
    redis.disconnect();
    await store.close();
  });

  it('answers from Redis after the first request, without reading PostgreSQL', async () => {
    const deps = { db: store.db, redis };
    const user = await createUser(store.db, {
      email: 'cache@example.io',
      name: 'C',
      password: PASSWORD,
      roles: ['engineer'],
    });
    const { token } = await createSession(deps, user.id, 1);
    const hits = await cacheCount('hit');
    expect(await validateSession(deps, token)).toMatchObject({ email: 'cache@example.io' });
    // A database that fails every query proves the second check never touches PostgreSQL.
    const noDb = {
      db: new Proxy(store.db, {
        get: () => () => {
          throw new Error('database read on a cache hit');
        },
      }),
      redis,
    };
    expect(await validateSession(noDb, token)).toMatchObject({ email: 'cache@example.io' });
    expect(await cacheCount('hit')).toBe(hits + 1);
  });

  it('drops cached sessions when a user is disabled or their roles change', async () => {
    const deps = { db: store.db, redis };
    const admin = await createUser(store.db, {
      email: 'boss@example.io',
      name: 'B',
      password: PASSWORD,
      roles: ['admin'],
    });
    const actor = {
      kind: 'session' as const,
      userId: admin.id,
      email: admin.email,
      name: admin.name,
      roles: admin.roles,
    };
    const user = await createUser(store.db, {
      email: 'drop@example.io',
      name: 'D',
      password: PASSWORD,
      roles: ['viewer'],
    });
    const { token } = await createSession(deps, user.id, 1);
    await validateSession(deps, token);
    await changeUser(deps, actor, user.id, { roles: ['viewer', 'qa'] });
    expect((await validateSession(deps, token))?.roles).toEqual(['viewer', 'qa']);
    await changeUser(deps, actor, user.id, { disabled: true });
    expect(await validateSession(deps, token)).toBeNull();
  });

  it('keeps login and session checks working with Redis on a closed port, and health says degraded', async () => {
    const dead = createRedis('redis://127.0.0.1:1', 'liftoff-dead');
    try {
      const deps = { db: store.db, redis: dead };
      await createUser(store.db, {
        email: 'noredis@example.io',
        name: 'N',
        password: PASSWORD,
        roles: ['qa'],
      });
      const started = performance.now();
      const session = await login(deps, {
        email: 'noredis@example.io',
        password: PASSWORD,
        ip: '10.9.9.9',
        ttlHours: 1,
      });
      expect(await validateSession(deps, session.token)).toMatchObject({ email: 'noredis@example.io' });
      // Falling back must not wait on Redis timeouts.
      expect(performance.now() - started).toBeLessThan(2_000);
      const health = await checkHealth({ db: async () => store.db, redis: dead });
      expect(health.status).toBe('degraded');
      expect(health.dependencies.redis.status).toBe('error');
      expect(health.dependencies.postgres.status).toBe('ok');
      expect(JSON.stringify(health)).not.toMatch(/127\.0\.0\.1|redis:\/\/|version/);
    } finally {
      dead.disconnect();
    }
  });

  it('reports ok with both up, and error when PostgreSQL is gone', async () => {
    expect((await checkHealth({ db: async () => store.db, redis })).status).toBe('ok');
    const gone = await checkHealth({ db: async () => Promise.reject(new Error('ECONNREFUSED')), redis });
    expect(gone.status).toBe('error');
  });
});
