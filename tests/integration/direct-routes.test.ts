import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '@/lib/auth/apikeys';
import { createUser } from '@/lib/auth/users';
import { ensureBuild, type Instance, seedCluster, startInstance } from '../support/cluster';
import { freshPostgres, REDIS_URL } from '../support/db';

type Store = Awaited<ReturnType<typeof freshPostgres>>;

interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown> | null;
}

const PASSWORD = 'direct-routes-password-1';

/**
 * `npm start` serves ticks without Next.js's pipeline (app/direct-routes.ts). Two instances on
 * one store, one with LIFTOFF_DIRECT_ROUTES=off, get the same requests: every answer a client
 * can see (status, error, body, security headers) must be the same.
 */
describe('ticks served directly answer exactly as through Next.js', () => {
  let store: Store;
  let direct: Instance;
  let next: Instance;
  let key: string;
  let viewerKey: string;
  let templateId: string;
  let email: string;

  beforeAll(async () => {
    ensureBuild();
    store = await freshPostgres();
    const seeded = await seedCluster(store.db, 4);
    ({ key, templateId } = seeded);
    email = seeded.user.email;
    const viewer = await createUser(store.db, {
      email: `viewer-${Date.now()}@example.io`,
      name: 'Vera Viewer',
      password: PASSWORD,
      roles: ['viewer'],
    });
    viewerKey = (await createApiKey(store.db, viewer.id, 'read')).key;
    const env = { DATABASE_URL: store.url, REDIS_URL };
    [direct, next] = await Promise.all([
      startInstance(env),
      startInstance({ ...env, LIFTOFF_DIRECT_ROUTES: 'off' }),
    ]);
  }, 240_000);

  afterAll(async () => {
    await Promise.all([direct?.stop(), next?.stop()]);
    await store?.close();
  });

  const call = async (
    base: string,
    method: string,
    path: string,
    init: RequestInit = {},
  ): Promise<Answer> => {
    const res = await fetch(`${base}${path}`, { method, ...init });
    const text = await res.text();
    let body: Record<string, unknown> | null = null;
    try {
      body = JSON.parse(text);
    } catch {}
    return { status: res.status, headers: res.headers, body };
  };

  const startRun = async (base: string) => {
    const res = await call(base, 'POST', '/api/v1/runs', {
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ templateId, title: 'Direct drill', environment: 'local' }),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string; items: { id: string; version: number }[] };
  };

  const login = async (base: string) => {
    const res = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base },
      body: JSON.stringify({ email, password: 'cluster-password-1' }),
    });
    expect(res.status).toBe(200);
    return res.headers.getSetCookie()[0]?.split(';')[0] ?? '';
  };

  /** What a client sees, minus what differs between any two answers (ids, times). */
  const visible = (a: Answer) => {
    // Times differ between any two answers: `at`, `noteAt`, …
    const body = Object.fromEntries(
      Object.entries(a.body ?? {}).filter(([k]) => k !== 'at' && !k.endsWith('At')),
    );
    const error = body.error as { code?: string; message?: string } | undefined;
    return {
      status: a.status,
      contentType: a.headers.get('content-type'),
      nosniff: a.headers.get('x-content-type-options'),
      frame: a.headers.get('x-frame-options'),
      referrer: a.headers.get('referrer-policy'),
      csp: a.headers.get('content-security-policy'),
      requestId: Boolean(a.headers.get('x-request-id')),
      body: error ? { code: error.code, message: error.message?.replace(/[0-9a-f-]{36}/g, '<id>') } : body,
    };
  };

  it('gives the same answer to every kind of request, good and bad', async () => {
    const [runD, runN] = await Promise.all([startRun(direct.url), startRun(next.url)]);
    const [cookieD, cookieN] = await Promise.all([login(direct.url), login(next.url)]);
    const auth = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const item = (run: typeof runD, n = 0) => `/api/v1/runs/${run.id}/items/${run.items[n]?.id}`;

    type Case = [string, (base: string, run: typeof runD, cookie: string) => Promise<Answer>];
    const cases: Case[] = [
      ['no credentials', (b, r) => call(b, 'PATCH', item(r), { body: '{"state":"done"}' })],
      [
        'an unknown API key',
        (b, r) =>
          call(b, 'PATCH', item(r), {
            headers: { ...auth, authorization: 'Bearer lo_nope' },
            body: '{"state":"done"}',
          }),
      ],
      [
        'a bogus session cookie',
        (b, r) =>
          call(b, 'PATCH', item(r), {
            headers: { cookie: 'liftoff_session=forged', origin: b, 'content-type': 'application/json' },
            body: '{"state":"done"}',
          }),
      ],
      [
        'a field only a check may set',
        (b, r) =>
          call(b, 'PATCH', item(r), { headers: auth, body: '{"state":"done","evidence":{"ok":true}}' }),
      ],
      [
        'a viewer',
        (b, r) =>
          call(b, 'PATCH', item(r), {
            headers: { ...auth, authorization: `Bearer ${viewerKey}` },
            body: '{"state":"done"}',
          }),
      ],
      [
        'a session cookie from another site',
        (b, r, c) =>
          call(b, 'PATCH', item(r), {
            headers: { cookie: c, origin: 'https://evil.example', 'content-type': 'application/json' },
            body: '{"state":"done"}',
          }),
      ],
      [
        'text instead of JSON',
        (b, r) =>
          call(b, 'PATCH', item(r), {
            headers: { ...auth, 'content-type': 'text/plain' },
            body: 'done',
          }),
      ],
      ['broken JSON', (b, r) => call(b, 'PATCH', item(r), { headers: auth, body: '{"state":' })],
      ['an unknown state', (b, r) => call(b, 'PATCH', item(r), { headers: auth, body: '{"state":"maybe"}' })],
      [
        'a body over the limit',
        (b, r) =>
          call(b, 'PATCH', item(r), { headers: auth, body: JSON.stringify({ note: 'x'.repeat(600_000) }) }),
      ],
      [
        'an unknown run',
        (b) =>
          call(b, 'PATCH', '/api/v1/runs/00000000-0000-4000-8000-000000000000/items/x', {
            headers: auth,
            body: '{"state":"done"}',
          }),
      ],
      [
        'an unknown item',
        (b, r) =>
          call(b, 'PATCH', `/api/v1/runs/${r.id}/items/no-such-item`, {
            headers: auth,
            body: '{"state":"done"}',
          }),
      ],
      [
        'a tick',
        (b, r) =>
          call(b, 'PATCH', item(r), {
            headers: auth,
            body: JSON.stringify({ state: 'done', expectedVersion: r.items[0]?.version }),
          }),
      ],
      [
        'a tick on a stale version',
        (b, r) =>
          call(b, 'PATCH', item(r), {
            headers: auth,
            body: JSON.stringify({ state: 'open', expectedVersion: r.items[0]?.version }),
          }),
      ],
      [
        'a tick from this site with the session cookie',
        (b, r, c) =>
          call(b, 'PATCH', item(r, 1), {
            headers: { cookie: c, origin: b, 'content-type': 'application/json' },
            body: '{"state":"done","note":"from the page"}',
          }),
      ],
      [
        'a streamed (chunked) body',
        (b, r) =>
          call(b, 'PATCH', item(r, 2), {
            headers: auth,
            body: new ReadableStream({
              start(c) {
                c.enqueue(new TextEncoder().encode('{"state":"skipped",'));
                c.enqueue(new TextEncoder().encode('"note":"not this time"}'));
                c.close();
              },
            }),
            duplex: 'half',
          } as RequestInit),
      ],
    ];

    for (const [what, send] of cases) {
      const d = await send(direct.url, runD, cookieD).catch((e) => {
        throw new Error(`${what}: direct: ${e.cause?.message ?? e}`);
      });
      const n = await send(next.url, runN, cookieN).catch((e) => {
        throw new Error(`${what}: next: ${e.cause?.message ?? e}`);
      });
      expect(visible(d), what).toEqual(visible(n));
      // The one difference, and the proof each path served: Next.js varies pages on its RSC headers.
      expect(d.headers.get('vary'), what).toBeNull();
      expect(n.headers.get('vary'), what).toContain('rsc');
    }

    // An Idempotency-Key replays the first answer on either path.
    for (const base of [direct.url, next.url]) {
      const run = base === direct.url ? runD : runN;
      const once = { headers: { ...auth, 'idempotency-key': `k-${base}` }, body: '{"note":"once"}' };
      const first = await call(base, 'PATCH', item(run, 3), once);
      const again = await call(base, 'PATCH', item(run, 3), once);
      expect(first.status).toBe(200);
      expect(again.body).toEqual(first.body);
    }

    // What was accepted is in the store, once per path.
    const read = (base: string, id: string) => call(base, 'GET', `/api/v1/runs/${id}`, { headers: auth });
    const [afterD, afterN] = await Promise.all([read(direct.url, runD.id), read(direct.url, runN.id)]);
    const states = (r: Answer) =>
      ((r.body?.items ?? []) as { state: string; note?: string }[]).map((i) => [i.state, i.note]);
    expect(states(afterD)).toEqual(states(afterN));
    expect(states(afterD).slice(0, 3)).toEqual([
      ['done', undefined],
      ['done', 'from the page'],
      ['skipped', 'not this time'],
    ]);
  }, 120_000);
});
