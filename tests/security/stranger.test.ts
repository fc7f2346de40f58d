import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as login } from '@/app/api/v1/auth/login/route';
import { GET as me } from '@/app/api/v1/me/route';
import { GET as metricsRoute } from '@/app/metrics/route';
import { LOGIN_LIMITS } from '@/lib/auth/login';
import { type App, call, errorOf, startApp } from './harness';

/** A stranger: no account, only the network. */
describe('a stranger', () => {
  let app: App;
  const TOKEN = 'metrics-token-0123456789abcdef';
  beforeAll(async () => {
    app = await startApp({ LIFTOFF_METRICS_TOKEN: TOKEN });
  });
  afterAll(() => app.close());

  it('cannot grow the server with a body that has no Content-Length: the read stops at the limit', async () => {
    let sent = 0;
    const chunk = new Uint8Array(64 * 1024).fill(0x61);
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        // 400 MB if anyone read it all; the login limit is 8 KB.
        if (sent >= 400 * 1024 * 1024) return controller.close();
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const res = await call(login, '/api/v1/auth/login', {
      body: endless,
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
    });
    expect(await errorOf(res)).toMatchObject({ status: 413, code: 'payload_too_large' });
    expect(sent).toBeLessThan(1024 * 1024);
  });

  it('cannot dodge the per-address limit by writing X-Forwarded-For', async () => {
    const attempts = LOGIN_LIMITS.perIp.maxFailures + 1;
    const statuses: number[] = [];
    for (let i = 0; i < attempts; i++) {
      const res = await call(login, '/api/v1/auth/login', {
        peer: '192.0.2.7',
        headers: { 'x-forwarded-for': `198.51.100.${i}` },
        body: { email: `nobody-${i}@example.io`, password: 'guess' },
      });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, -1).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });

  it('cannot slip parallel guesses past the per-account limit', async () => {
    const guesses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        call(login, '/api/v1/auth/login', {
          peer: `203.0.113.${i}`,
          body: { email: app.viewer.email, password: `wrong-${i}` },
        }),
      ),
    );
    const checked = guesses.filter((r) => r.status === 401).length;
    expect(checked).toBe(LOGIN_LIMITS.perAccount.maxFailures);
    expect(guesses.filter((r) => r.status === 429)).toHaveLength(20 - checked);
  });

  it('learns from /metrics neither which emails exist nor anything with a token of the right length', async () => {
    await call(login, '/api/v1/auth/login', {
      peer: '192.0.2.50',
      body: { email: 'nobody-at-all@example.io', password: 'guess' },
    });
    // Non-ASCII of the token's length used to throw inside timingSafeEqual (500).
    const odd = await call(metricsRoute, '/metrics', {
      headers: { authorization: `Bearer ${'é'.repeat(TOKEN.length)}` },
    });
    expect(await errorOf(odd)).toMatchObject({ status: 401, code: 'unauthorized' });
    const res = await call(metricsRoute, '/metrics', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    const text = await res.text();
    const reasons = [...text.matchAll(/liftoff_login_failures_total\{reason="([^"]+)"\}/g)].map((m) => m[1]);
    expect(reasons.length).toBeGreaterThan(0);
    expect(new Set(reasons)).toEqual(new Set(['bad_credentials', 'rate_limited']));
  });

  it('cannot plant a request id of its choosing in the audit trail', async () => {
    const planted = await call(me, '/api/v1/me', {
      as: { key: app.engineer.key },
      headers: { 'x-request-id': '<script>alert(1)</script>' },
    });
    expect(planted.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const plain = await call(me, '/api/v1/me', {
      as: { key: app.engineer.key },
      headers: { 'x-request-id': 'lb-7f3a.42' },
    });
    expect(plain.headers.get('x-request-id')).toBe('lb-7f3a.42');
  });
});
