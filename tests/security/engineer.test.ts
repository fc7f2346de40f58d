import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as logout } from '@/app/api/v1/auth/logout/route';
import { POST as evaluate } from '@/app/api/v1/checks/evaluate/route';
import { GET as health } from '@/app/api/v1/health/route';
import { GET as me } from '@/app/api/v1/me/route';
import { GET as notifyStream } from '@/app/api/v1/notifications/stream/route';
import { GET as events } from '@/app/api/v1/runs/[id]/events/route';
import { PATCH as patchItem } from '@/app/api/v1/runs/[id]/items/[itemId]/route';
import { POST as startRun } from '@/app/api/v1/runs/route';
import { POST as preview } from '@/app/api/v1/templates/preview/route';
import { POST as importTemplate } from '@/app/api/v1/templates/route';
import { parseNotificationsConfig, setNotificationsConfig } from '@/lib/config/notifications';
import { parseTargetsConfig, setTargetsConfig } from '@/lib/config/targets';
import { STREAM_LIMITS } from '@/lib/live/sse';
import { closeProbeClients } from '@/lib/probes';
import {
  type HttpInstanceServer,
  type RedisServer,
  startHttpInstance,
  startRedisServer,
} from '../support/probe-servers';
import { type App, call, errorOf, ORIGIN, startApp } from './harness';

const REDIS_PASSWORD = '8675309123';
const HOOK_SECRET = 'hook-signing-secret-0123456789';
const SLACK_URL = 'https://hooks.slack.example/services/T000/B000/slackTokenXyz123';
const BASIC_PASSWORD = 'Basic-S3cret-pw';

/** A hostile engineer (and a viewer): logged in, allowed to run checks, looking for more. */
describe('a hostile engineer', () => {
  let app: App;
  let redis: RedisServer;
  let echo: HttpInstanceServer;

  const evaluateAs = (check: string, environment = 'staging') =>
    call(evaluate, '/api/v1/checks/evaluate', {
      as: { key: app.engineer.key },
      body: { environment, check },
    });

  beforeAll(async () => {
    [app, redis, echo] = await Promise.all([
      startApp(),
      startRedisServer({ password: REDIS_PASSWORD }),
      startHttpInstance('echo', {
        // A target that echoes what it was sent, and one that repeats a secret it knows.
        '/echo': (req, res) => {
          res.writeHead(200, {
            'content-type': 'application/json',
            'x-seen-auth': req.headers.authorization ?? '',
          });
          res.end(JSON.stringify({ headers: req.headers }));
        },
        '/leak': (_req, res) => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(`{"pin": ${REDIS_PASSWORD}, "note": "redis password is ${REDIS_PASSWORD}"}`);
        },
        '/leak-hooks': (_req, res) => {
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.end(`signing with ${HOOK_SECRET}, posting to ${SLACK_URL}`);
        },
      }),
    ]);
    const echoUrl = echo.url.replace('http://', `http://probe:${BASIC_PASSWORD}@`);
    const file = `environments:
  staging:
    targets:
      redis:cache: { url: "${redis.url}" }
      http:echo: { url: "${echoUrl}" }
notifications:
  channels:
    hook: { type: webhook, url: "https://hooks.example.com/liftoff", secret: "${HOOK_SECRET}" }
    chat: { type: slack, url: "${SLACK_URL}" }
`;
    setTargetsConfig(parseTargetsConfig(file, 'targets.yml', {}));
    setNotificationsConfig(parseNotificationsConfig(file, 'targets.yml', {}));
  });
  afterAll(async () => {
    setTargetsConfig(undefined);
    setNotificationsConfig(undefined);
    await closeProbeClients();
    await Promise.all([app.close(), redis.dispose(), echo.stop()]);
  });

  describe("Liftoff's own store (postgres:self)", () => {
    it('answers no free SQL: no password hash, no session, however the query is written', async () => {
      for (const sql of [
        'SELECT password_hash FROM users',
        'SELECT id FROM sessions',
        'SELECT count(*) FROM generate_series(1, 15000000)',
      ]) {
        const res = await evaluateAs(`postgres:self query "${sql}"`, 'local');
        const text = await res.text();
        expect(res.status).toBe(400);
        expect(JSON.parse(text).error.message).toMatch(
          /postgres:self is Liftoff itself and answers only fixed probes/,
        );
        expect(text).not.toContain('$argon2');
      }
    });

    it('answers its fixed probes while /api/v1/health stays responsive', async () => {
      const probes = ['ping', 'version >= 14', 'size > 0', 'connections >= 0', 'extension plpgsql'];
      const [results, h] = await Promise.all([
        Promise.all(probes.map((p) => evaluateAs(`postgres:self ${p}`, 'local').then((r) => r.json()))),
        health(new Request(`${ORIGIN}/api/v1/health`)),
      ]);
      for (const r of results) expect(r).toMatchObject({ ok: true });
      expect(h.status).toBe(200);
    });
  });

  it('cannot read credentials through a Redis CONFIG parameter', async () => {
    for (const param of [
      'requirepass',
      'masterauth',
      'masteruser',
      'tls-key-file-pass',
      '*',
      'requirepas?',
    ]) {
      const res = await evaluateAs(`redis:cache config ${param}`);
      const text = await res.text();
      expect(res.status).toBe(400);
      expect(text).not.toContain(REDIS_PASSWORD);
    }
    const ok = await (await evaluateAs('redis:cache config maxmemory-policy')).json();
    expect(ok).toMatchObject({ ok: true });
  });

  it("never sees a target's credentials in values or evidence, whatever the target answers", async () => {
    const echoed = await evaluateAs('http:echo GET /echo');
    const text = await echoed.text();
    expect(echoed.status).toBe(200);
    expect(JSON.parse(text).results[0].status).toBe(200);
    const basic = Buffer.from(`probe:${BASIC_PASSWORD}`).toString('base64');
    expect(text).not.toContain(basic);
    expect(text).not.toContain(BASIC_PASSWORD);
    expect(text).toContain('Basic ***');
    // Another target's password, as text and as a number.
    const leaked = await (await evaluateAs('http:echo GET /leak')).text();
    expect(leaked).not.toContain(REDIS_PASSWORD);
    expect(JSON.parse(leaked).results[0].value).toEqual({ pin: '***', note: 'redis password is ***' });
    // The notification channels' secrets too (a Slack webhook URL is itself a secret).
    const hooks = await (await evaluateAs('http:echo GET /leak-hooks')).json();
    expect(hooks.results[0].value).toBe('signing with ***, posting to ***');
  });

  it('cannot get file, signal, config, lock or notify functions past the SQL screen', async () => {
    for (const sql of [
      `SELECT "pg_read_file"('/etc/hostname')`,
      `SELECT a$$b$, "pg_ls_dir"('.')`,
      `SELECT "pg_cancel_backend"(1)`,
      `SELECT "set_config"('search_path', 'x', false)`,
      `SELECT "pg_advisory_lock"(1)`,
      `SELECT pg_catalog."pg_notify"('c', 'x')`,
    ]) {
      const res = await evaluateAs(`postgres:main query "${sql.replaceAll('"', '\\"')}"`);
      expect(res.status).toBe(400);
      expect((await errorOf(res)).message).toMatch(/is not allowed in a check/);
    }
  });

  describe('cross-site requests on a victim’s cookie', () => {
    const asCookie = () => ({ cookie: app.engineer.cookie });

    it('are refused when Origin or Sec-Fetch-Site says another site; same-origin and API keys pass', async () => {
      const body = { environment: 'staging', check: 'redis:cache ping' };
      const evil = await call(evaluate, '/api/v1/checks/evaluate', {
        as: asCookie(),
        body,
        headers: { origin: 'https://evil.example' },
      });
      expect(await errorOf(evil)).toMatchObject({ status: 403, code: 'forbidden' });
      const fetchSite = await call(evaluate, '/api/v1/checks/evaluate', {
        as: asCookie(),
        body,
        headers: { 'sec-fetch-site': 'cross-site' },
      });
      expect(fetchSite.status).toBe(403);
      const own = await call(evaluate, '/api/v1/checks/evaluate', {
        as: asCookie(),
        body,
        headers: { origin: ORIGIN, 'sec-fetch-site': 'same-origin' },
      });
      expect(own.status).toBe(200);
      const key = await call(evaluate, '/api/v1/checks/evaluate', {
        as: { key: app.engineer.key },
        body,
        headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      });
      expect(key.status).toBe(200);
    });

    it('cannot import a text/plain checklist or log the victim out', async () => {
      const imported = await call(importTemplate, '/api/v1/templates?name=evil', {
        as: asCookie(),
        body: '- [ ] planted',
        headers: { 'content-type': 'text/plain', origin: 'https://evil.example' },
      });
      expect(imported.status).toBe(403);
      const out = await call(logout, '/api/v1/auth/logout', {
        as: asCookie(),
        method: 'POST',
        headers: { origin: 'https://evil.example' },
      });
      expect(out.status).toBe(403);
      expect((await call(me, '/api/v1/me', { as: asCookie() })).status).toBe(200);
    });
  });

  it('cannot overflow the stack with deeply nested JSON', async () => {
    const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
    const res = await call(patchItem, '/api/v1/runs/r/items/i', {
      as: { key: app.engineer.key },
      method: 'PATCH',
      body: `{"state":"done","evidence":${deep}}`,
      headers: { 'content-type': 'application/json' },
      params: { id: 'r', itemId: 'i' },
    });
    expect(await errorOf(res)).toMatchObject({ status: 400, message: expect.stringMatching(/nests deeper/) });
  });

  it('cannot stall the import preview with unclosed comments', { timeout: 10_000 }, async () => {
    const item = `- [ ] run \`redis-cli ping\` ${'<!-- '.repeat(96_000)}\n`;
    const res = await call(preview, '/api/v1/templates/preview', {
      as: { key: app.engineer.key },
      body: { markdown: `# Big\n\n${item}` },
    });
    expect(res.status).toBe(200);
  });

  it('a viewer cannot hold more live streams than the cap, nor run checks or tick items', async () => {
    const tpl = await call(importTemplate, '/api/v1/templates?name=Streams', {
      as: { key: app.engineer.key },
      body: '# Streams\n\n- [ ] one\n',
      headers: { 'content-type': 'text/markdown' },
    });
    const template = (await tpl.json()) as { id: string };
    const started = await call(startRun, '/api/v1/runs', {
      as: { key: app.engineer.key },
      body: { templateId: template.id, title: 'streams', environment: 'local' },
    });
    const run = (await started.json()) as { id: string; items: { id: string }[] };
    const controllers: AbortController[] = [];
    const open = () => {
      const c = new AbortController();
      controllers.push(c);
      return call(events, `/api/v1/runs/${run.id}/events`, {
        as: { cookie: app.viewer.cookie },
        params: { id: run.id },
        signal: c.signal,
      });
    };
    try {
      for (let i = 0; i < STREAM_LIMITS.perViewer; i++) expect((await open()).status).toBe(200);
      expect(await errorOf(await open())).toMatchObject({ status: 429, code: 'rate_limited' });
      controllers[0]!.abort();
      await new Promise((r) => setTimeout(r, 20));
      expect((await open()).status).toBe(200);
    } finally {
      for (const c of controllers) c.abort();
    }
    // The notification stream has its own cap, like the run's.
    const notifyControllers: AbortController[] = [];
    const openNotify = () => {
      const c = new AbortController();
      notifyControllers.push(c);
      return call(notifyStream, '/api/v1/notifications/stream', {
        as: { cookie: app.viewer.cookie },
        signal: c.signal,
      });
    };
    try {
      for (let i = 0; i < STREAM_LIMITS.perViewer; i++) expect((await openNotify()).status).toBe(200);
      expect((await openNotify()).status).toBe(429);
    } finally {
      for (const c of notifyControllers) c.abort();
    }
    const viewerEval = await call(evaluate, '/api/v1/checks/evaluate', {
      as: { key: app.viewer.key },
      body: { environment: 'staging', check: 'redis:cache ping' },
    });
    expect(viewerEval.status).toBe(403);
    const tick = await call(patchItem, `/api/v1/runs/${run.id}/items/${run.items[0]!.id}`, {
      as: { key: app.viewer.key },
      method: 'PATCH',
      body: { state: 'done' },
      params: { id: run.id, itemId: run.items[0]!.id },
    });
    expect(tick.status).toBe(403);
  });
});
