import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeUser } from '@/lib/auth/admin';
import { createApiKey, listApiKeys, revokeApiKey } from '@/lib/auth/apikeys';
import { authenticate } from '@/lib/auth/authenticate';
import { login } from '@/lib/auth/login';
import type { RequestDeps } from '@/lib/auth/principal';
import { createSession, revokeSession, SESSION_COOKIE, validateSession } from '@/lib/auth/sessions';
import { countUsers, createFirstAdmin, createUser, listUsers } from '@/lib/auth/users';
import { LiftoffError } from '@/lib/core/errors';
import type { Database } from '@/lib/db/client';
import { backends, freshPostgres } from '../support/db';

const PASSWORD = 'correct horse battery';

describe.each(backends)('auth storage on %s', (_name, open) => {
  let store: Database;
  let deps: RequestDeps;
  beforeAll(async () => {
    store = await open();
    deps = { db: store.db, redis: null };
  });
  afterAll(() => store.close());

  it('creates exactly one first admin even when several setups race', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        createFirstAdmin(store.db, {
          email: i ? `racer-${i}@example.io` : 'Root@Example.io',
          name: i ? `Racer ${i}` : 'Root',
          password: PASSWORD,
        }),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await countUsers(store.db)).toBe(1);
    expect(
      await createFirstAdmin(store.db, { email: 'late@example.io', name: 'Late', password: PASSWORD }),
    ).toBeNull();
  });

  it('refuses a duplicate email with a conflict, whatever its case', async () => {
    await createUser(store.db, { email: 'qa@example.io', name: 'Quinn', password: PASSWORD, roles: ['qa'] });
    await expect(
      createUser(store.db, { email: 'QA@example.io', name: 'Q2', password: PASSWORD, roles: ['qa'] }),
    ).rejects.toMatchObject({
      code: 'conflict',
    });
    expect((await listUsers(store.db)).map((u) => u.email)).toContain('qa@example.io');
  });

  it('logs in with the right password and gives one message for every failure', async () => {
    const ok = await login(deps, { email: 'qa@example.io', password: PASSWORD, ip: '10.0.0.1', ttlHours: 1 });
    expect(ok.user.roles).toEqual(['qa']);
    const wrong = await login(deps, {
      email: 'qa@example.io',
      password: 'nope nope nope',
      ip: '10.0.0.1',
      ttlHours: 1,
    }).catch((e) => e);
    const unknown = await login(deps, {
      email: 'ghost@example.io',
      password: 'nope nope nope',
      ip: '10.0.0.1',
      ttlHours: 1,
    }).catch((e) => e);
    expect(wrong).toBeInstanceOf(LiftoffError);
    expect(wrong.code).toBe('unauthorized');
    expect(unknown.message).toBe(wrong.message);
  });

  it('rate limits an account after five failures, even with the right password', async () => {
    await createUser(store.db, {
      email: 'victim@example.io',
      name: 'V',
      password: PASSWORD,
      roles: ['viewer'],
    });
    for (let i = 0; i < 5; i++) {
      await login(deps, {
        email: 'victim@example.io',
        password: `wrong-${i}-password`,
        ip: `10.1.0.${i}`,
        ttlHours: 1,
      }).catch(() => {});
    }
    const blocked = await login(deps, {
      email: 'victim@example.io',
      password: PASSWORD,
      ip: '10.1.0.99',
      ttlHours: 1,
    }).catch((e) => e);
    expect(blocked.code).toBe('rate_limited');
    expect(blocked.options.retryAfterSeconds).toBeGreaterThan(0);
  });

  it('validates a session until logout, and a disabled user loses it at once', async () => {
    const admin = (await listUsers(store.db)).find((u) => u.roles.includes('admin'))!;
    const user = await createUser(store.db, {
      email: 'dev@example.io',
      name: 'Dev',
      password: PASSWORD,
      roles: ['developer'],
    });
    const s1 = await createSession(deps, user.id, 1);
    const s2 = await createSession(deps, user.id, 1);
    const p = await validateSession(deps, s1.token);
    expect(p).toMatchObject({ email: 'dev@example.io', roles: ['developer'] });
    await revokeSession(deps, p!.sessionId!);
    expect(await validateSession(deps, s1.token)).toBeNull();
    expect(await validateSession(deps, s2.token)).not.toBeNull();
    const adminPrincipal = {
      kind: 'session' as const,
      userId: admin.id,
      email: admin.email,
      name: admin.name,
      roles: admin.roles,
    };
    await changeUser(deps, adminPrincipal, user.id, { disabled: true });
    expect(await validateSession(deps, s2.token)).toBeNull();
    await expect(changeUser(deps, adminPrincipal, admin.id, { disabled: true })).rejects.toMatchObject({
      code: 'unprocessable',
    });
  });

  it('authenticates API keys by Bearer and X-API-Key until revoked', async () => {
    const user = await createUser(store.db, {
      email: 'ci@example.io',
      name: 'CI',
      password: PASSWORD,
      roles: ['engineer'],
    });
    const { id, key } = await createApiKey(store.db, user.id, 'pipeline');
    const noCookie = () => undefined;
    const bearer = await authenticate(deps, new Headers({ authorization: `Bearer ${key}` }), noCookie);
    const header = await authenticate(deps, new Headers({ 'x-api-key': key }), noCookie);
    expect(bearer).toMatchObject({ kind: 'apikey', email: 'ci@example.io', roles: ['engineer'] });
    expect(header?.apiKeyId).toBe(id);
    const listed = (await listApiKeys(store.db)).find((k) => k.id === id)!;
    expect(listed.prefix).toBe(key.slice(0, 10));
    expect(JSON.stringify(listed)).not.toContain(key);
    await revokeApiKey(store.db, id);
    expect(await authenticate(deps, new Headers({ 'x-api-key': key }), noCookie)).toBeNull();
    await expect(revokeApiKey(store.db, 'missing')).rejects.toMatchObject({ code: 'not_found' });
    expect(
      await authenticate(deps, new Headers({ cookie: `${SESSION_COOKIE}=forged` }), () => 'forged'),
    ).toBeNull();
  });
});

describe('first-run setup on PostgreSQL', () => {
  it('waits for a setup in flight on another connection instead of creating a second admin', async () => {
    const store = await freshPostgres();
    const other = new pg.Client({ connectionString: store.url });
    await other.connect();
    try {
      // Another instance's setup, mid-transaction: it holds the setup lock and has inserted its admin.
      await other.query('BEGIN');
      await other.query('SELECT pg_advisory_xact_lock(7214002)');
      await other.query(
        `INSERT INTO users (id, email, name, password_hash, roles) VALUES ('u-other', 'first@example.io', 'First', 'x', ARRAY['admin'])`,
      );
      let settled = false;
      const racing = createFirstAdmin(store.db, {
        email: 'second@example.io',
        name: 'Second',
        password: PASSWORD,
      }).finally(() => {
        settled = true;
      });
      await new Promise((r) => setTimeout(r, 300));
      expect(settled).toBe(false);
      await other.query('COMMIT');
      expect(await racing).toBeNull();
      expect(await countUsers(store.db)).toBe(1);
    } finally {
      await other.end();
      await store.close();
    }
  });
});
