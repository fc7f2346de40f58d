import { describe, expect, it } from 'vitest';
import type { PromExpr } from './ast';
import { evaluatePromExpr, formatPromExpr, type PromScrape, parsePromExpr } from './prom';
import { Scanner } from './tokenizer';

function parse(text: string): PromExpr {
  return parsePromExpr(new Scanner(text));
}

describe('parsePromExpr / formatPromExpr', () => {
  it('respects precedence and left associativity', () => {
    expect(formatPromExpr(parse('a+b*c'))).toBe('a + b * c');
    expect(formatPromExpr(parse('(a+b)*c'))).toBe('(a + b) * c');
    expect(formatPromExpr(parse('a - (b - c)'))).toBe('a - (b - c)');
    expect(formatPromExpr(parse('(a - b) - c'))).toBe('a - b - c');
    expect(formatPromExpr(parse('a / (b / c)'))).toBe('a / (b / c)');
    expect(formatPromExpr(parse('2 * -3'))).toBe('2 * -3');
  });

  it('reads label matchers and rate windows', () => {
    const expr = parse(`rate(http_requests_total{job="api", code!='500'}[5m])`);
    expect(expr).toEqual({
      type: 'rate',
      selector: {
        type: 'selector',
        name: 'http_requests_total',
        matchers: [
          { label: 'job', op: '=', value: 'api' },
          { label: 'code', op: '!=', value: '500' },
        ],
      },
      window: { amount: 5, unit: 'm', ms: 300_000 },
    });
    expect(formatPromExpr(expr)).toBe('rate(http_requests_total{job="api", code!="500"}[5m])');
  });

  it('stops before conditions', () => {
    const sc = new Scanner('a / (a + b) > 0.9');
    parsePromExpr(sc);
    sc.skipSpace();
    expect(sc.src.slice(sc.pos)).toBe('> 0.9');
  });

  it.each([
    ['sum(x)', /unknown function "sum"/],
    ['x{job=~"a.*"}', /regex label matchers/],
    ['x[5m]', /only allowed inside rate/],
    ['(a + b', /expected "\)"/],
    ['a + ', /missing expression/],
    [`${'('.repeat(40)}a${')'.repeat(40)}`, /nested too deeply/],
  ])('rejects %s', (text, message) => {
    expect(() => parse(text)).toThrowError(message);
  });
});

describe('evaluatePromExpr', () => {
  const scrape = (at: number, hits: number, misses: number): PromScrape => ({
    at,
    samples: [
      { name: 'cache_hits_total', labels: { job: 'api', instance: 'a' }, value: hits / 2 },
      { name: 'cache_hits_total', labels: { job: 'api', instance: 'b' }, value: hits / 2 },
      { name: 'cache_hits_total', labels: { job: 'worker' }, value: 1000 },
      { name: 'cache_misses_total', labels: { job: 'api' }, value: misses },
    ],
  });

  it('sums matching series', () => {
    const expr = parse('cache_hits_total{job="api"} / (cache_hits_total{job="api"} + cache_misses_total)');
    expect(evaluatePromExpr(expr, scrape(0, 90, 10))).toEqual({ ok: true, value: 0.9 });
    expect(evaluatePromExpr(parse('cache_hits_total{job!="api"}'), scrape(0, 90, 10))).toEqual({
      ok: true,
      value: 1000,
    });
  });

  it('computes rate between scrapes, tolerating counter resets', () => {
    const expr = parse('rate(cache_misses_total[1m])');
    expect(evaluatePromExpr(expr, scrape(10_000, 0, 30), scrape(0, 0, 10))).toEqual({ ok: true, value: 2 });
    expect(evaluatePromExpr(expr, scrape(10_000, 0, 5), scrape(0, 0, 10))).toEqual({ ok: true, value: 0.5 });
    expect(evaluatePromExpr(expr, scrape(120_000, 0, 5), scrape(0, 0, 10))).toMatchObject({ ok: false });
    expect(evaluatePromExpr(expr, scrape(0, 0, 5))).toEqual({
      ok: false,
      error: 'rate() needs a previous scrape',
    });
  });

  it('fails clearly on missing series and division by zero', () => {
    expect(evaluatePromExpr(parse('nope_total'), scrape(0, 1, 1))).toEqual({
      ok: false,
      error: 'no series matches nope_total',
    });
    expect(
      evaluatePromExpr(
        parse('cache_misses_total / (cache_misses_total - cache_misses_total)'),
        scrape(0, 0, 3),
      ),
    ).toMatchObject({
      ok: false,
      error: expect.stringContaining('division by zero'),
    });
  });
});
