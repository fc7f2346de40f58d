import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as evaluate } from '@/app/api/v1/checks/evaluate/route';
import { GET as overview } from '@/app/api/v1/health/overview/route';
import { GET as targets } from '@/app/api/v1/targets/route';
import { createApiKey } from '@/lib/auth/apikeys';
import type { Role } from '@/lib/auth/roles';
import { createUser } from '@/lib/auth/users';
import { setTargetsConfig } from '@/lib/config/targets';
import type { Database } from '@/lib/db/client';
import { closeProbeClients } from '@/lib/probes';
import { freshPglite } from '../support/db';
import { type RedisServer, startRedisServer } from '../support/probe-servers';
import { configOf, redisTarget } from './monitor-fixtures';

const PASSWORD = 'r0ute-Redis-S3cret';
const g = globalThis as unknown as { __liftoffDb?: Promise<Database> };
const segment = { params: Promise.resolve({}) };

/** The monitor's routes through `route()`: authentication, roles, status codes, masking. */
describe('monitor API routes', () => {
  let store: Database;
  let redis: RedisServer;
  const keys = {} as Record<'viewer' | 'engineer' | 'admin', string>;

  const call = (
    handler: (req: NextRequest, s: typeof segment) => Promise<Response>,
    path: string,
    key: string | null,
    body?: unknown,
  ) =>
    handler(
      new NextRequest(`http://localhost${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: {
          ...(key ? { authorization: `Bearer ${key}` } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
      segment,
    );

  beforeAll(async () => {
    [store, redis] = await Promise.all([freshPglite(), startRedisServer({ password: PASSWORD })]);
    g.__liftoffDb = Promise.resolve(store);
    setTargetsConfig(
      configOf({
        staging: [redisTarget('staging', 'cache', redis.url, { intervalMs: 10_000, timeoutMs: 2_000 })],
      }),
    );
    for (const role of ['viewer', 'engineer', 'admin'] as const) {
      const user = await createUser(store.db, {
        email: `${role}@example.io`,
        name: role,
        password: 'route-test-password',
        roles: [role as Role],
      });
      keys[role] = (await createApiKey(store.db, user.id, role)).key;
    }
  });
  afterAll(async () => {
    setTargetsConfig(undefined);
    g.__liftoffDb = undefined;
    await closeProbeClients();
    await Promise.all([store?.close(), redis?.dispose()]);
  });

  it('evaluate: engineers run checks; viewers get 403, strangers 401; bad checks 400', async () => {
    const body = { environment: 'staging', check: 'redis:cache ping' };
    const ok = await call(evaluate, '/api/v1/checks/evaluate', keys.engineer, body);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({
      ok: true,
      results: [{ target: 'redis:cache', ok: true, value: 'PONG' }],
    });
    expect((await call(evaluate, '/api/v1/checks/evaluate', keys.admin, body)).status).toBe(200);

    const viewer = await call(evaluate, '/api/v1/checks/evaluate', keys.viewer, body);
    expect(viewer.status).toBe(403);
    expect((await viewer.json()).error.code).toBe('forbidden');
    expect((await call(evaluate, '/api/v1/checks/evaluate', null, body)).status).toBe(401);

    const bad = await call(evaluate, '/api/v1/checks/evaluate', keys.engineer, {
      ...body,
      check: 'redis:cache ping <',
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/at column 18/);
    const missing = await call(evaluate, '/api/v1/checks/evaluate', keys.engineer, {
      check: 'redis:cache ping',
    });
    expect(missing.status).toBe(400);
  });

  it('overview: any logged-in user; 404 for an unknown environment, 400 for a bad range', async () => {
    const res = await call(overview, '/api/v1/health/overview?environment=staging&range=1h', keys.viewer);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain(PASSWORD);
    const o = JSON.parse(text);
    expect(o).toMatchObject({ environment: 'staging', range: '1h', cache: { hitRate: null } });
    expect(o.targets[0]).toMatchObject({ name: 'redis:cache', kind: 'redis', status: 'unknown' });
    expect(['healthy', 'degraded', 'unhealthy']).toContain(o.status);

    const unknown = await call(overview, '/api/v1/health/overview?environment=prod', keys.viewer);
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.message).toBe('Unknown environment "prod". Configured: staging.');
    expect(
      (await call(overview, '/api/v1/health/overview?environment=staging&range=2d', keys.viewer)).status,
    ).toBe(400);
    expect((await call(overview, '/api/v1/health/overview', null)).status).toBe(401);
  });

  it('targets: admins only, with every address masked', async () => {
    const res = await call(targets, '/api/v1/targets', keys.admin);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain(PASSWORD);
    expect(JSON.parse(text).environments[0].targets[0]).toMatchObject({
      key: 'redis:cache',
      address: `redis://:***@127.0.0.1:${redis.port}`,
    });
    expect((await call(targets, '/api/v1/targets', keys.engineer)).status).toBe(403);
  });
});
