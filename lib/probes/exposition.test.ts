import { describe, expect, it } from 'vitest';
import { parseCheck } from '@/lib/checks/parser';
import { evaluatePromExpr } from '@/lib/checks/prom';
import { parseExposition } from './exposition';

const TEXT = `# HELP cache_hits_total Cache hits.
# TYPE cache_hits_total counter
cache_hits_total{cache="sessions",instance="a"} 60
cache_hits_total{cache="templates",instance="a"} 30 1700000000000
cache_misses_total{cache="sessions"} 10
# TYPE request_duration_seconds histogram
request_duration_seconds_bucket{le="0.005"} 3
request_duration_seconds_bucket{le="+Inf"} 5
request_duration_seconds_sum 0.042
request_duration_seconds_count 5
weird_labels{path="/a \\"quoted\\" b",nl="x\\ny",trailing="1",} 1
spaced { a = "1" , b="2" } 2
up 1
temperature -1.5e2
not_a_number NaN
infinite +Inf
exemplar_total{a="1"} 7 # {trace_id="abc"} 1.0 1700000000
colon:metric:name 3
this line is junk
bad_value{a="1"} twelve
unterminated{a="1 4
`;

function value(expression: string, text = TEXT) {
  const parsed = parseCheck(`prometheus:x ${expression}`);
  if (!parsed.ok || parsed.check.probe.kind !== 'prometheus') throw new Error(expression);
  return evaluatePromExpr(parsed.check.probe.expr, { samples: parseExposition(text).samples, at: 0 });
}

describe('parseExposition', () => {
  const { samples, invalidLines } = parseExposition(TEXT);
  const find = (name: string) => samples.filter((s) => s.name === name);

  it('reads names, labels, values and skips timestamps', () => {
    expect(find('cache_hits_total')).toEqual([
      { name: 'cache_hits_total', labels: { cache: 'sessions', instance: 'a' }, value: 60 },
      { name: 'cache_hits_total', labels: { cache: 'templates', instance: 'a' }, value: 30 },
    ]);
    expect(find('temperature')[0]?.value).toBe(-150);
    expect(find('not_a_number')[0]?.value).toBeNaN();
    expect(find('infinite')[0]?.value).toBe(Number.POSITIVE_INFINITY);
    expect(find('colon:metric:name')[0]?.value).toBe(3);
  });

  it('keeps histogram parts as series', () => {
    expect(find('request_duration_seconds_bucket').map((s) => s.labels.le)).toEqual(['0.005', '+Inf']);
    expect(find('request_duration_seconds_count')[0]?.value).toBe(5);
  });

  it('unescapes label values and tolerates spacing and trailing commas', () => {
    expect(find('weird_labels')[0]?.labels).toEqual({ path: '/a "quoted" b', nl: 'x\ny', trailing: '1' });
    expect(find('spaced')[0]).toEqual({ name: 'spaced', labels: { a: '1', b: '2' }, value: 2 });
    expect(find('exemplar_total')[0]?.value).toBe(7);
  });

  it('counts lines it cannot read', () => {
    expect(invalidLines).toBe(3);
    expect(parseExposition('').samples).toEqual([]);
  });
});

describe('expressions over a parsed exposition', () => {
  it('sums every matching series and does arithmetic', () => {
    expect(value('cache_hits_total')).toEqual({ ok: true, value: 90 });
    expect(value('cache_hits_total / (cache_hits_total + cache_misses_total)')).toEqual({
      ok: true,
      value: 0.9,
    });
    expect(value('cache_hits_total{cache="sessions"} * 2 - 20')).toEqual({ ok: true, value: 100 });
    const mean = value('request_duration_seconds_sum / request_duration_seconds_count');
    expect(mean.ok && mean.value).toBeCloseTo(0.0084, 10);
  });

  it('fails clearly', () => {
    expect(value('nope_total')).toEqual({ ok: false, error: 'no series matches nope_total' });
    expect(value('up / (cache_misses_total - 10)')).toMatchObject({ ok: false, error: /division by zero/ });
    expect(value('rate(cache_hits_total)')).toEqual({ ok: false, error: 'rate() needs a previous scrape' });
  });

  it('computes rate() between two scrapes', () => {
    const parsed = parseCheck('prometheus:x rate(cache_hits_total[1m])');
    if (!parsed.ok || parsed.check.probe.kind !== 'prometheus') throw new Error('parse');
    const before = { samples: parseExposition('cache_hits_total 100').samples, at: 0 };
    const after = { samples: parseExposition('cache_hits_total 160').samples, at: 30_000 };
    expect(evaluatePromExpr(parsed.check.probe.expr, after, before)).toEqual({ ok: true, value: 2 });
  });
});
