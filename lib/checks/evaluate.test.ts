import { describe, expect, it } from 'vitest';
import type { Check } from './ast';
import { evaluateCheck, evaluateConditions } from './evaluate';
import { parseCheck } from './parser';
import { type ProbeResult, probeResultSchema } from './result';

function check(text: string): Check {
  const result = parseCheck(text);
  if (!result.ok) throw new Error(result.error.message);
  return result.check;
}

const at = '2025-01-01T00:00:00.000Z';
const result = (over: Partial<ProbeResult>): ProbeResult => ({
  ok: true,
  value: null,
  latencyMs: 3,
  at,
  ...over,
});

describe('evaluateCheck', () => {
  it('passes CONFIG GET maxmemory against 512mb', () => {
    const evaluation = evaluateCheck(
      check('redis:cache config maxmemory == 512mb'),
      result({ value: '536870912' }),
    );
    expect(evaluation).toEqual({
      ok: true,
      details: [{ condition: '== 512mb', actual: '536870912', ok: true }],
    });
  });

  it('explains a failed size comparison in readable units', () => {
    const evaluation = evaluateCheck(
      check('redis:cache config maxmemory == 512mb'),
      result({ value: '268435456' }),
    );
    expect(evaluation.ok).toBe(false);
    expect(evaluation.details[0]?.message).toBe('got "268435456" (256 MB), expected == 512mb');
  });

  it('evaluates http status, body paths, headers and latency together', () => {
    const c = check(
      'http:api GET /api/v1/health [STATUS] == 200 && [BODY].dependencies.redis.status == ok && [BODY].items[1].id == 7 && [HEADER:content-type] contains json && [LATENCY] < 50ms',
    );
    const r = result({
      status: 200,
      latencyMs: 12,
      headers: { 'Content-Type': 'application/json' },
      body: { status: 'ok', dependencies: { redis: { status: 'ok' } }, items: [{ id: 1 }, { id: 7 }] },
    });
    const evaluation = evaluateCheck(c, r);
    expect(evaluation.details.map((d) => [d.condition, d.actual, d.ok])).toEqual([
      ['[STATUS] == 200', 200, true],
      ['[BODY].dependencies.redis.status == ok', 'ok', true],
      ['[BODY].items[1].id == 7', 7, true],
      ['[HEADER:content-type] contains json', 'application/json', true],
      ['[LATENCY] < 50ms', 12, true],
    ]);
    expect(evaluation.ok).toBe(true);
  });

  it('reads a JSON body given as text, and fails on missing paths', () => {
    const c = check('http:api GET /h [BODY].status == ok && [BODY].missing.deep == 1 && [BODY].gone != x');
    const evaluation = evaluateCheck(c, result({ status: 200, body: '{"status":"ok"}' }));
    expect(evaluation.details.map((d) => d.ok)).toEqual([true, false, true]);
    expect(evaluation.details[1]?.message).toBe('[BODY].missing.deep is missing');
    expect(evaluation.ok).toBe(false);
  });

  it('does not walk into prototypes', () => {
    const evaluation = evaluateCheck(
      check('http:api GET /h [BODY].constructor exists'),
      result({ body: {} }),
    );
    expect(evaluation.ok).toBe(false);
  });

  it('measures [CERT_EXPIRY] from the result time', () => {
    const c = check('http:api GET / [CERT_EXPIRY] > 30d');
    expect(evaluateCheck(c, result({ certExpiresAt: '2025-03-01T00:00:00Z' })).ok).toBe(true);
    const soon = evaluateCheck(c, result({ certExpiresAt: '2025-01-11T00:00:00Z' }));
    expect(soon.ok).toBe(false);
    expect(soon.details[0]?.message).toBe('got 864000000 (10 d), expected [CERT_EXPIRY] > 30d');
    expect(evaluateCheck(c, result({})).details[0]?.message).toBe('[CERT_EXPIRY] is missing');
  });

  it('compares versions, contains and installed', () => {
    expect(evaluateCheck(check('redis:cache info redis_version >= 7'), result({ value: '7.0.15' })).ok).toBe(
      true,
    );
    expect(evaluateCheck(check('redis:cache info redis_version >= 7'), result({ value: '6.2.6' })).ok).toBe(
      false,
    );
    expect(
      evaluateCheck(
        check('http:api GET /metrics contains cache_hits'),
        result({ value: 'cache_hits_total 5' }),
      ).ok,
    ).toBe(true);
    expect(evaluateCheck(check('postgres:main extension vector installed'), result({ value: true })).ok).toBe(
      true,
    );
    const missing = evaluateCheck(
      check('postgres:main extension vector installed'),
      result({ value: false }),
    );
    expect(missing).toMatchObject({ ok: false, details: [{ message: '[VALUE] is false' }] });
  });

  it('fails every condition with the probe error when the probe failed', () => {
    const r = result({ ok: false, error: 'connection refused' });
    const evaluation = evaluateCheck(check('http:api GET / [STATUS] == 200 && [LATENCY] < 1s'), r);
    expect(evaluation).toEqual({
      ok: false,
      message: 'connection refused',
      details: [
        { condition: '[STATUS] == 200', actual: undefined, ok: false, message: 'connection refused' },
        { condition: '[LATENCY] < 1s', actual: undefined, ok: false, message: 'connection refused' },
      ],
    });
  });

  it('without conditions passes iff the probe succeeded', () => {
    expect(evaluateConditions([], result({}))).toEqual({ ok: true, details: [] });
    expect(evaluateConditions([], result({ ok: false }))).toEqual({
      ok: false,
      details: [],
      message: 'the probe failed',
    });
  });
});

describe('probeResultSchema', () => {
  it('accepts the shape and rejects garbage', () => {
    expect(probeResultSchema.safeParse(result({ status: 200, headers: { a: 'b' } })).success).toBe(true);
    expect(probeResultSchema.safeParse({ ok: 'yes' }).success).toBe(false);
  });
});
