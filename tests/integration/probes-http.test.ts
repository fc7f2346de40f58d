import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpProbe, PrometheusProbe } from '@/lib/checks/ast';
import { parseCheck } from '@/lib/checks/parser';
import {
  type HttpTarget,
  type PrometheusTarget,
  parseTargetsConfig,
  publicTargets,
  resolveTarget,
  type Target,
  type TargetsConfig,
} from '@/lib/config/targets';
import { certificateExpiry, closeProbeClients, httpProbe, prometheusProbe, runCheck } from '@/lib/probes';
import { HTTP_BODY_CAP } from '@/lib/probes/http-fetch';
import {
  type HttpInstanceServer,
  type Route,
  startHttpInstance,
  startHttpsServer,
} from '../support/probe-servers';

const BASIC_PASSWORD = 'basic-Auth-pw-77';

const routes: Record<string, Route> = {
  '/redirect-same': (_req, res) => {
    res.writeHead(302, { location: '/api/v1/health' });
    res.end();
  },
  '/redirect-off': (_req, res) => {
    res.writeHead(302, { location: 'http://example.invalid/steal' });
    res.end();
  },
  '/redirect-loop': (_req, res) => {
    res.writeHead(302, { location: '/redirect-loop' });
    res.end();
  },
  '/big': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('x'.repeat(HTTP_BODY_CAP * 2));
  },
  '/text': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('all good');
  },
  '/fail': (_req, res) => {
    res.writeHead(503, { 'content-type': 'application/json' });
    res.end('{"status":"error"}');
  },
  '/slow': (_req, res) => {
    setTimeout(() => {
      res.writeHead(200);
      res.end('late');
    }, 3_000).unref();
  },
  '/base/api/v1/health': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"base":true}');
  },
  '/auth': (req, res) => {
    const expected = `Basic ${Buffer.from(`probe:${BASIC_PASSWORD}`).toString('base64')}`;
    res.writeHead(req.headers.authorization === expected ? 200 : 401, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ authorized: req.headers.authorization === expected }));
  },
};

const get = (path: string, method: HttpProbe['method'] = 'GET'): HttpProbe => ({
  kind: 'http',
  op: 'request',
  method,
  path,
});

function expr(text: string): PrometheusProbe {
  const parsed = parseCheck(`prometheus:x ${text}`);
  if (!parsed.ok || parsed.check.probe.kind !== 'prometheus') throw new Error(`bad expression ${text}`);
  return parsed.check.probe;
}

function pick<K extends Target['kind']>(config: TargetsConfig, key: string, kind: K) {
  const found = resolveTarget(config, 'test', key);
  if (!found.ok || found.target.kind !== kind) throw new Error(`${key} not configured`);
  return found.target as Extract<Target, { kind: K }>;
}

describe('http and prometheus probes against real HTTP servers', () => {
  let a: HttpInstanceServer;
  let b: HttpInstanceServer;
  let config: TargetsConfig;
  let api: HttpTarget;
  let metrics: PrometheusTarget;

  beforeAll(async () => {
    [a, b] = await Promise.all([startHttpInstance('api-1', routes), startHttpInstance('api-2', routes)]);
    config = parseTargetsConfig(
      [
        'environments:',
        '  test:',
        '    targets:',
        '      http:api:',
        `        instances: ["\${A}", { name: api-2, url: "\${B}" }]`,
        '        timeout: 1s',
        `      http:based: { url: "\${A}/base" }`,
        `      http:secured: { url: "http://probe:\${BASIC_PW}@127.0.0.1:\${A_PORT}" }`,
        `      prometheus:api: { url: "\${A}/metrics", timeout: 3s }`,
        `      prometheus:fresh: { url: "\${B}/metrics", timeout: 3s }`,
        `      prometheus:notmetrics: { url: "\${A}/api/v1/health" }`,
      ].join('\n'),
      'probes-http.yml',
      { A: a.url, B: b.url, A_PORT: String(a.port), BASIC_PW: BASIC_PASSWORD },
    );
    api = pick(config, 'http:api', 'http');
    metrics = pick(config, 'prometheus:api', 'prometheus');
  });

  afterAll(async () => {
    await closeProbeClients();
    await Promise.all([a?.stop(), b?.stop()]);
  });

  describe('http', () => {
    it('reads status, parsed JSON body, headers and latency', async () => {
      const r = await httpProbe.run(api, get('/api/v1/health'));
      expect(r).toMatchObject({
        ok: true,
        status: 200,
        body: { status: 'ok', instance: 'api-1', dependencies: { redis: { status: 'ok' } } },
      });
      expect(r.value).toEqual(r.body);
      expect(r.headers?.['content-type']).toMatch(/application\/json/);
      expect(r.headers).not.toHaveProperty('set-cookie');
      expect(r.latencyMs).toBeGreaterThan(0);
      expect(r.certExpiresAt).toBeUndefined();
    });

    it('runs on a named instance', async () => {
      const r = await httpProbe.run(api, get('/api/v1/health'), { instance: 'api-2' });
      expect(r.body).toMatchObject({ instance: 'api-2' });
      const unknown = await httpProbe.run(api, get('/'), { instance: 'api-9' });
      expect(unknown).toMatchObject({ ok: false, error: 'unknown instance "api-9" of http:api' });
    });

    it('keeps text as text and caps large bodies at 1 MB', async () => {
      expect((await httpProbe.run(api, get('/text'))).body).toBe('all good');
      const big = await httpProbe.run(api, get('/big'));
      expect(big.ok).toBe(true);
      expect((big.body as string).length).toBe(HTTP_BODY_CAP);
      const head = await httpProbe.run(api, get('/text', 'HEAD'));
      expect(head).toMatchObject({ ok: true, status: 200, body: null });
    });

    it('answers with error statuses rather than failing', async () => {
      expect(await httpProbe.run(api, get('/fail'))).toMatchObject({ ok: true, status: 503 });
      expect(await httpProbe.run(api, get('/missing'))).toMatchObject({ ok: true, status: 404 });
    });

    it('follows redirects only on the same origin, at most 3', async () => {
      const same = await httpProbe.run(api, get('/redirect-same'));
      expect(same).toMatchObject({ status: 200, body: { status: 'ok' } });
      const off = await httpProbe.run(api, get('/redirect-off'));
      expect(off).toMatchObject({ ok: true, status: 302 });
      expect(off.headers?.location).toBe('http://example.invalid/steal');
      const seenBefore = a.seen.filter((p) => p === '/redirect-loop').length;
      const loop = await httpProbe.run(api, get('/redirect-loop'));
      expect(loop.status).toBe(302);
      expect(a.seen.filter((p) => p === '/redirect-loop').length - seenBefore).toBe(4);
    });

    it('only ever adds a path to the configured origin', async () => {
      for (const path of [
        '//example.invalid/x',
        'http://example.invalid/',
        '/\\example.invalid',
        'relative',
      ]) {
        const r = await httpProbe.run(api, get(path));
        expect(r.ok).toBe(false);
        expect(r.error).toMatch(/invalid path/);
      }
      const based = await httpProbe.run(pick(config, 'http:based', 'http'), get('/api/v1/health'));
      expect(based.body).toEqual({ base: true });
    });

    it('sends credentials from the configured URL as a header and never shows them', async () => {
      const secured = pick(config, 'http:secured', 'http');
      const r = await httpProbe.run(secured, get('/auth'));
      expect(r).toMatchObject({ status: 200, body: { authorized: true } });
      const check = await runCheck(config, 'test', 'http:secured GET /auth [BODY].authorized == true');
      expect(check.ok).toBe(true);
      const everything = JSON.stringify([r, check, publicTargets(config)]);
      expect(everything).not.toContain(BASIC_PASSWORD);
      expect(JSON.stringify(publicTargets(config))).toContain(`http://probe:***@127.0.0.1:${a.port}`);
    });

    it('times out instead of hanging', async () => {
      const started = performance.now();
      const r = await httpProbe.run(api, get('/slow'), { timeoutMs: 300 });
      expect(r).toMatchObject({ ok: false, error: 'timed out after 300 ms' });
      expect(performance.now() - started).toBeLessThan(1_000);
    });

    it('runs a check on every instance; one down fails only its own result', async () => {
      const text = 'http:api GET /api/v1/health [STATUS] == 200 && [BODY].dependencies.redis.status == ok';
      const up = await runCheck(config, 'test', text);
      expect(up.ok).toBe(true);
      expect(up.results.map((r) => [r.instance, r.ok, r.status])).toEqual([
        [`127.0.0.1:${a.port}`, true, 200],
        ['api-2', true, 200],
      ]);
      expect((await runCheck(config, 'test', 'http:api GET /metrics contains cache_hits')).ok).toBe(true);

      await b.stop();
      try {
        const started = performance.now();
        const half = await runCheck(config, 'test', text);
        expect(performance.now() - started).toBeLessThan(1_500);
        expect(half.ok).toBe(false);
        const [first, second] = half.results;
        expect(first).toMatchObject({ ok: true, status: 200 });
        expect(second).toMatchObject({ instance: 'api-2', ok: false });
        expect(second?.error).toMatch(/connection refused/);
      } finally {
        await b.start();
      }
      expect((await runCheck(config, 'test', text)).ok).toBe(true);
    });

    it('treats an http check without conditions as "not an error status"', async () => {
      expect((await runCheck(config, 'test', 'http:api GET /api/v1/health')).ok).toBe(true);
      const failing = await runCheck(config, 'test', 'http:api GET /fail');
      expect(failing.ok).toBe(false);
      expect(failing.results[0]?.error).toMatch(/STATUS/);
    });

    it('reads the certificate expiry over TLS', async () => {
      const server = await startHttpsServer(30);
      try {
        const expires = await certificateExpiry('127.0.0.1', server.port);
        const days = (Date.parse(expires ?? '') - Date.now()) / 86_400_000;
        expect(days).toBeGreaterThan(29);
        expect(days).toBeLessThan(31);
        const tlsTarget: HttpTarget = {
          ...api,
          key: 'http:tls',
          instances: [{ name: 'tls', url: server.url }],
        };
        // Self-signed, so the request itself fails validation; the certificate date is still evidence.
        const r = await httpProbe.run(tlsTarget, get('/'));
        expect(r.ok).toBe(false);
        expect(r.error).toMatch(/TLS|certificate/i);
        expect(r.certExpiresAt).toBe(expires);
      } finally {
        await server.stop();
      }
    });
  });

  describe('prometheus', () => {
    it('evaluates arithmetic between series, summing matching series', async () => {
      a.metrics.hits = 90;
      a.metrics.misses = 10;
      const r = await prometheusProbe.run(
        metrics,
        expr('cache_hits_total / (cache_hits_total + cache_misses_total)'),
      );
      expect(r).toMatchObject({ ok: true });
      expect(r.value).toBeCloseTo(0.9);
      const labelled = await prometheusProbe.run(metrics, expr('cache_hits_total{cache="sessions"}'));
      expect(labelled.value).toBe(90);
      const excluded = await prometheusProbe.run(metrics, expr('cache_hits_total{cache!="sessions"}'));
      expect(excluded.value).toBe(0);
      const histogram = await prometheusProbe.run(metrics, expr('request_duration_seconds_count'));
      expect(histogram.value).toBe(5);
      const bucket = await prometheusProbe.run(metrics, expr('request_duration_seconds_bucket{le="+Inf"}'));
      expect(bucket.value).toBe(5);
      const check = await runCheck(
        config,
        'test',
        'prometheus:api cache_hits_total / (cache_hits_total + cache_misses_total) > 0.85',
      );
      expect(check.ok).toBe(true);
    });

    it('computes rate() between two scrapes', async () => {
      a.metrics.hits = 100;
      await prometheusProbe.run(metrics, expr('cache_hits_total'));
      await new Promise((r) => setTimeout(r, 1_100));
      a.metrics.hits = 160;
      const r = await prometheusProbe.run(metrics, expr('rate(cache_hits_total[5m])'));
      expect(r.ok).toBe(true);
      const windowMs = (r.body as { rateWindowMs: number }).rateWindowMs;
      expect(windowMs).toBeGreaterThanOrEqual(1_000);
      expect(r.value).toBeCloseTo(60 / (windowMs / 1000), 5);
    });

    it('takes a second scrape for a first rate()', async () => {
      const fresh = pick(config, 'prometheus:fresh', 'prometheus');
      // Every scrape is a request, so the request counter rises by one per scrape.
      const r = await prometheusProbe.run(fresh, expr('rate(http_requests_total)'));
      expect(r.ok).toBe(true);
      expect(r.value).toBeGreaterThan(0);
    });

    it('fails clearly on a missing series, a non-metrics page and a down target', async () => {
      const missing = await prometheusProbe.run(metrics, expr('nope_total'));
      expect(missing).toMatchObject({ ok: false, error: 'no series matches nope_total' });
      const page = await prometheusProbe.run(pick(config, 'prometheus:notmetrics', 'prometheus'), expr('up'));
      expect(page.ok).toBe(false);
      expect(page.error).toMatch(/no samples/);
      await b.stop();
      try {
        const down = await prometheusProbe.run(pick(config, 'prometheus:fresh', 'prometheus'), expr('up'));
        expect(down.ok).toBe(false);
        expect(down.error).toMatch(/connection refused/);
      } finally {
        await b.start();
      }
    });
  });

  describe('only configured targets', () => {
    it('refuses unknown targets and environments without probing anything', async () => {
      const before = a.seen.length + b.seen.length;
      const unknown = await runCheck(config, 'test', 'http:admin GET /api/v1/health');
      expect(unknown).toMatchObject({
        ok: false,
        errorCode: 'unknown-target',
        results: [],
        error:
          'unknown target "http:admin" in test; configured: http:api, http:based, http:secured, prometheus:api, prometheus:fresh, prometheus:notmetrics',
      });
      const env = await runCheck(config, 'production', 'http:api GET /api/v1/health');
      expect(env).toMatchObject({ ok: false, errorCode: 'unknown-environment' });
      expect(env.error).toBe('unknown environment "production"; configured: test, local');
      const url = await runCheck(config, 'test', 'http:api GET http://127.0.0.1:1/x');
      expect(url).toMatchObject({ ok: false, errorCode: 'invalid-check' });
      expect(a.seen.length + b.seen.length).toBe(before);
    });
  });
});
