import { describe, expect, it } from 'vitest';
import type { Check, CheckSyntaxError } from './ast';
import { formatCheck } from './format';
import { parseCheck } from './parser';
import { validateCheck } from './policy';

function ok(text: string): Check {
  const result = parseCheck(text);
  if (!result.ok) throw new Error(`expected "${text}" to parse: ${result.error.message}`);
  return result.check;
}

function err(text: string): CheckSyntaxError {
  const result = parseCheck(text);
  if (result.ok) throw new Error(`expected "${text}" to fail`);
  return result.error;
}

describe('parseCheck: probes', () => {
  it('reads redis probes', () => {
    expect(ok('redis:cache ping').probe).toEqual({ kind: 'redis', op: 'ping' });
    expect(ok('redis:cache info used_memory_human').probe).toEqual({
      kind: 'redis',
      op: 'info',
      field: 'used_memory_human',
    });
    expect(ok('redis:cache CONFIG MaxMemory-Policy').probe).toEqual({
      kind: 'redis',
      op: 'config',
      param: 'maxmemory-policy',
    });
    expect(ok("redis:cache scan-count 'job:*'").probe).toEqual({
      kind: 'redis',
      op: 'scan-count',
      pattern: 'job:*',
    });
    expect(ok('redis:cache scan-count job:*').probe).toEqual({
      kind: 'redis',
      op: 'scan-count',
      pattern: 'job:*',
    });
    expect(ok('redis:cache hlen sessions:active').probe).toEqual({
      kind: 'redis',
      op: 'hlen',
      key: 'sessions:active',
    });
    expect(ok('redis:cache exists "a key" == 1').probe).toEqual({
      kind: 'redis',
      op: 'exists',
      key: 'a key',
    });
    expect(ok('redis:cache hitrate > 0.9').probe).toEqual({ kind: 'redis', op: 'hitrate' });
    expect(ok('redis:cache hit-rate > 0.9').probe).toEqual({ kind: 'redis', op: 'hit-rate', windowMs: 0 });
    expect(ok('redis:cache hit-rate 30s > 0.9').probe).toEqual({
      kind: 'redis',
      op: 'hit-rate',
      windowMs: 30_000,
    });
  });

  it('writes a hit-rate window back as written and refuses one out of range', () => {
    for (const check of [
      'redis:cache hit-rate > 0.9',
      'redis:cache hit-rate 45s >= 0.5',
      'redis:cache hit-rate 1m < 1',
    ]) {
      const parsed = parseCheck(check);
      expect(parsed.ok && formatCheck(parsed.check)).toBe(check);
    }
    const ms = parseCheck('redis:cache hit-rate 1500ms > 0.9');
    expect(ms.ok && formatCheck(ms.check)).toBe('redis:cache hit-rate 1500ms > 0.9');
    expect(parseCheck('redis:cache hit-rate 5m > 0.9')).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/hit-rate window must be from 100ms to 60s/) },
    });
  });

  it('reads postgres probes', () => {
    expect(ok('postgres:main extension vector installed')).toEqual({
      target: { kind: 'postgres', name: 'main' },
      probe: { kind: 'postgres', op: 'extension', extension: 'vector' },
      conditions: [{ subject: { type: 'value' }, op: 'installed' }],
    });
    expect(ok('postgres:main table platform.databases exists').probe).toEqual({
      kind: 'postgres',
      op: 'table',
      table: 'platform.databases',
    });
    expect(ok(String.raw`postgres:main query "SELECT count(*) FROM t WHERE name = 'a \"b\"'"`).probe).toEqual(
      {
        kind: 'postgres',
        op: 'query',
        sql: `SELECT count(*) FROM t WHERE name = 'a "b"'`,
      },
    );
    for (const op of ['version', 'connections', 'size', 'cache-hit-ratio']) {
      expect(ok(`postgres:main ${op}`).probe).toEqual({ kind: 'postgres', op });
    }
  });

  it('reads http probes with query strings', () => {
    expect(ok('http:api get /api/v1/jobs?limit=1').probe).toEqual({
      kind: 'http',
      op: 'request',
      method: 'GET',
      path: '/api/v1/jobs?limit=1',
    });
    expect(ok('http:api HEAD /').probe).toMatchObject({ method: 'HEAD', path: '/' });
  });

  it('reads prometheus expressions followed by conditions', () => {
    const check = ok('prometheus:api rate(errors_total[5m]) / rate(requests_total[5m]) < 0.01');
    expect(check.probe.kind).toBe('prometheus');
    expect(check.conditions).toEqual([
      { subject: { type: 'value' }, op: '<', value: { type: 'number', value: 0.01 } },
    ]);
  });
});

describe('parseCheck: conditions', () => {
  it('reads placeholders, JSON paths and typed values', () => {
    const check = ok(
      'http:api GET /h [STATUS] == 200 && [BODY].items[0].id != "x y" && [BODY]["odd key"].n >= 2 && [LATENCY] < 150ms && [CERT_EXPIRY] > 30d && [HEADER:Content-Type] contains json',
    );
    expect(check.conditions).toEqual([
      { subject: { type: 'status' }, op: '==', value: { type: 'number', value: 200 } },
      {
        subject: { type: 'body', path: ['items', 0, 'id'] },
        op: '!=',
        value: { type: 'string', value: 'x y' },
      },
      { subject: { type: 'body', path: ['odd key', 'n'] }, op: '>=', value: { type: 'number', value: 2 } },
      {
        subject: { type: 'latency' },
        op: '<',
        value: { type: 'duration', amount: 150, unit: 'ms', ms: 150 },
      },
      {
        subject: { type: 'cert-expiry' },
        op: '>',
        value: { type: 'duration', amount: 30, unit: 'd', ms: 2_592_000_000 },
      },
      { subject: { type: 'header', name: 'Content-Type' }, op: 'contains', text: 'json' },
    ]);
  });

  it('defaults to [VALUE] and reads sizes, versions and bare words', () => {
    expect(ok('redis:cache config maxmemory == 512MB').conditions[0]).toEqual({
      subject: { type: 'value' },
      op: '==',
      value: { type: 'size', amount: 512, unit: 'mb', bytes: 536_870_912 },
    });
    expect(ok('redis:cache info redis_version >= 7.2.0').conditions[0]).toMatchObject({
      value: { type: 'string', value: '7.2.0' },
    });
    expect(ok('redis:cache config appendonly = yes').conditions[0]).toMatchObject({
      op: '==',
      value: { type: 'string', value: 'yes' },
    });
    expect(ok('redis:cache ping [VALUE] == PONG').conditions[0]).toMatchObject({
      subject: { type: 'value' },
    });
  });

  it('accepts conditions without spaces around operators', () => {
    expect(ok('postgres:main ping [LATENCY]<50ms').conditions).toHaveLength(1);
  });

  it('ignores trailing comments', () => {
    expect(ok('redis:cache ping # just reachability').conditions).toEqual([]);
    expect(ok('redis:cache ping').conditions).toEqual([]);
  });
});

describe('parseCheck: errors', () => {
  it('names the column and the alternatives for an unknown probe', () => {
    expect(err('redis:cache pnig')).toEqual({
      message:
        'unknown probe "pnig" for redis at column 12; expected one of ping, info, config, dbsize, scan-count, hlen, scard, llen, exists, hitrate, hit-rate, memory, latency (did you mean ping?)',
      position: 12,
      token: 'pnig',
    });
  });

  it('rejects full URLs: addresses come only from the configuration', () => {
    const e = err('http:api GET https://evil.example/health');
    expect(e.position).toBe(13);
    expect(e.token).toBe('https://evil.example/health');
    expect(e.message).toMatch(/full URLs are not allowed.*targets configuration/);
    expect(err('http:api https://evil.example/health').message).toMatch(/full URLs are not allowed/);
    expect(err('http:api GET //evil.example/x').message).toMatch(/full URLs/);
    expect(err('http:api GET /\\evil.example').message).toMatch(/invalid character/);
  });

  it.each([
    ['', 0, /missing target/],
    ['   ', 0, /missing target/],
    ['cache ping', 0, /expected <kind:target>/],
    ['mysql:main ping', 0, /unknown kind "mysql".*expected one of redis, postgres, http, prometheus/],
    ['redis:Cache ping', 6, /invalid target name "Cache"/],
    ['redis: ping', 6, /missing target name/],
    ['redis:cache', 11, /missing probe for redis/],
    ['redis:cache info', 16, /missing INFO field/],
    ['redis:cache ping extra', 17, /unexpected "extra".*expected a condition/],
    ['redis:cache ping == ', 19, /missing value after ==/],
    ['redis:cache ping == 1 &&', 24, /missing condition after &&/],
    ['redis:cache ping == 1 || == 2', 22, /only && can join/],
    ['redis:cache ping == 1 == 2', 22, /join conditions with &&/],
    ['redis:cache ping [STATUS] == 200', 17, /\[STATUS\] is only available in http checks/],
    ['http:api GET /x [FOO] == 1', 16, /unknown placeholder "\[FOO\]"/],
    ['http:api GET /x [HEADER:] == 1', 16, /needs a header name/],
    ['http:api GET /x [BODY]. == 1', 22, /invalid \[BODY\] path/],
    ['http:api POST /x', 9, /method "POST" is not allowed.*GET, HEAD, OPTIONS/],
    ['http:api GET health', 13, /must start with "\/"/],
    ['http:api /health', 9, /expected an HTTP method/],
    ['postgres:main query SELECT 1', 20, /the SQL must be quoted/],
    ['postgres:main query "SELECT 1', 20, /unterminated string/],
    ['postgres:main extension "vec tor"', 24, /invalid extension name/],
    ['prometheus:api', 14, /missing expression/],
    ['prometheus:api a + ', 18, /missing expression/],
    ['http:api GET /x == [STATUS]', 19, /expected a literal value/],
  ])('%j fails at column %i', (text, position, message) => {
    const e = err(text);
    expect(e.message).toMatch(message);
    expect(e.position).toBe(position);
    expect(e.message).toContain(`at column ${position}`);
  });

  it('never throws on odd input', () => {
    for (const input of [null, undefined, 42, '\u0000', 'redis:cache "', 'x'.repeat(10_000)]) {
      expect(() => parseCheck(input as unknown as string)).not.toThrow();
      expect(parseCheck(input as unknown as string).ok).toBe(false);
    }
  });

  it('validateCheck returns the error or null', () => {
    expect(validateCheck('redis:cache ping')).toBeNull();
    expect(validateCheck('redis:cache pnig')?.position).toBe(12);
    // The parser reads syntax only; what a check may do is the policy's call.
    expect(parseCheck('postgres:main query "DELETE FROM sessions"').ok).toBe(true);
    expect(validateCheck('postgres:main query "DELETE FROM sessions"')).toMatchObject({
      position: 20,
      message: expect.stringMatching(/query rejected.*DELETE.*at column 20/),
    });
  });
});
