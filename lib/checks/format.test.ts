import { describe, expect, it } from 'vitest';
import type { Check } from './ast';
import { formatCheck, formatCondition } from './format';
import { parseCheck } from './parser';

function canonical(text: string): string {
  const result = parseCheck(text);
  if (!result.ok) throw new Error(result.error.message);
  return formatCheck(result.check);
}

describe('formatCheck', () => {
  it.each([
    ['redis:cache   ping   ', 'redis:cache ping'],
    ['redis:cache PING [VALUE]==PONG', 'redis:cache ping == PONG'],
    ['redis:cache config maxmemory == 512MB  # bytes', 'redis:cache config maxmemory == 512mb'],
    ['redis:cache scan-count active_session:*  >  0', 'redis:cache scan-count "active_session:*" > 0'],
    ["redis:cache hlen 'sessions:active' >= 1", 'redis:cache hlen sessions:active >= 1'],
    ['redis:cache hlen "two words" >= 1', 'redis:cache hlen "two words" >= 1'],
    ['postgres:main ping [LATENCY]<50ms', 'postgres:main ping [LATENCY] < 50ms'],
    ["postgres:main query 'SELECT 1'", 'postgres:main query "SELECT 1"'],
    ['postgres:main table "Odd Name" exists', 'postgres:main table "Odd Name" exists'],
    ['http:api get /x [BODY]["a"][0].b == "ok"', 'http:api GET /x [BODY].a[0].b == ok'],
    ['http:api GET /x [BODY].n == "200"', 'http:api GET /x [BODY].n == "200"'],
    ['http:api GET /x [BODY].s == "two words"', 'http:api GET /x [BODY].s == "two words"'],
    ['http:api GET /x contains "&&"', 'http:api GET /x contains "&&"'],
    ['http:api GET /x [RESPONSE_TIME] < 1s', 'http:api GET /x [LATENCY] < 1s'],
    ['prometheus:api a/(a+b)>0.90', 'prometheus:api a / (a + b) > 0.9'],
    ['prometheus:api x{a="1",b!="2"} == 1', 'prometheus:api x{a="1", b!="2"} == 1'],
  ])('%s → %s', (input, output) => {
    expect(canonical(input)).toBe(output);
    expect(canonical(output)).toBe(output);
  });

  it('writes conditions on their own', () => {
    expect(formatCondition({ subject: { type: 'value' }, op: 'installed' })).toBe('installed');
    expect(
      formatCondition({ subject: { type: 'body', path: ['weird key', 2] }, op: 'contains', text: 'a b' }),
    ).toBe('[BODY]["weird key"][2] contains "a b"');
  });

  it('round-trips a hand-built AST', () => {
    const check: Check = {
      target: { kind: 'http', name: 'api' },
      probe: { kind: 'http', op: 'request', method: 'GET', path: '/api/v1/health' },
      conditions: [
        { subject: { type: 'status' }, op: '==', value: { type: 'number', value: 200 } },
        {
          subject: { type: 'body', path: ['dependencies', 'redis', 'status'] },
          op: '==',
          value: { type: 'string', value: 'ok' },
        },
        {
          subject: { type: 'cert-expiry' },
          op: '>',
          value: { type: 'duration', amount: 30, unit: 'd', ms: 2_592_000_000 },
        },
        { subject: { type: 'value' }, op: '!=', value: { type: 'string', value: '512mb' } },
      ],
    };
    const text = formatCheck(check);
    expect(text).toBe(
      'http:api GET /api/v1/health [STATUS] == 200 && [BODY].dependencies.redis.status == ok && [CERT_EXPIRY] > 30d && != "512mb"',
    );
    expect(parseCheck(text)).toEqual({ ok: true, check });
  });
});
