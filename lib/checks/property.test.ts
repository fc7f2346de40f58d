import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCheck } from './format';
import { parseCheck } from './parser';

const name = fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,8}$/);
const word = fc.stringMatching(/^[A-Za-z0-9_:*.-]{1,10}$/);
const anyText = fc.string({ maxLength: 12 });
const num = fc.oneof(fc.integer({ min: -1000, max: 100_000 }), fc.double({ min: 0, max: 1, noNaN: true }));

const value = fc.oneof(
  num.map(String),
  fc.tuple(fc.nat(4096), fc.constantFrom('b', 'kb', 'MB', 'gb', 'GiB')).map(([n, u]) => `${n}${u}`),
  fc.tuple(fc.nat(1000), fc.constantFrom('ms', 's', 'm', 'h', 'd')).map(([n, u]) => `${n}${u}`),
  fc.constantFrom('yes', 'ok', 'PONG', '7.0.15', 'true'),
  anyText.map((s) => JSON.stringify(s)),
);

const op = fc.constantFrom('==', '!=', '<', '<=', '>', '>=');
const subject = fc.constantFrom('', '[VALUE] ', '[LATENCY] ', '[CERT_EXPIRY] ');
const httpSubject = fc.oneof(
  subject,
  fc.constantFrom(
    '[STATUS] ',
    '[BODY] ',
    '[BODY].a.b ',
    '[BODY].items[0].id ',
    '[HEADER:Content-Type] ',
    '[BODY]["x y"] ',
  ),
);
const condition = (subj: fc.Arbitrary<string>) =>
  fc.oneof(
    fc.tuple(subj, op, value).map(([s, o, v]) => `${s}${o} ${v}`),
    fc
      .tuple(
        subj,
        fc.oneof(
          word,
          anyText.map((s) => JSON.stringify(s)),
        ),
      )
      .map(([s, t]) => `${s}contains ${t}`),
    fc.tuple(subj, fc.constantFrom('installed', 'exists')).map(([s, u]) => `${s}${u}`),
  );
const conditions = (subj: fc.Arbitrary<string>) =>
  fc.array(condition(subj), { maxLength: 3 }).map((cs) => (cs.length ? ` ${cs.join(' && ')}` : ''));

const metric = fc.stringMatching(/^[a-z_][a-z0-9_]{0,8}$/);
const promExpr: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    metric,
    fc.nat(1000).map(String),
    fc.tuple(metric, fc.string({ maxLength: 5 })).map(([m, v]) => `${m}{job=${JSON.stringify(v)}}`),
    metric.map((m) => `rate(${m}[5m])`),
    fc.tuple(tie('e'), fc.constantFrom('+', '-', '*', '/'), tie('e')).map(([a, o, b]) => `(${a} ${o} ${b})`),
  ),
})).e;

const validCheck = fc.oneof(
  fc
    .tuple(name, fc.constantFrom('ping', 'dbsize', 'hitrate'), conditions(subject))
    .map(([n, p, c]) => `redis:${n} ${p}${c}`),
  fc
    .tuple(
      name,
      fc.constantFrom('info', 'config', 'hlen', 'scard', 'llen', 'exists'),
      fc.stringMatching(/^[a-z0-9_]{1,10}$/),
      conditions(subject),
    )
    .map(([n, p, a, c]) => `redis:${n} ${p} ${a}${c}`),
  fc
    .tuple(
      name,
      anyText.filter((s) => s !== ''),
      conditions(subject),
    )
    .map(([n, p, c]) => `redis:${n} scan-count ${JSON.stringify(p)}${c}`),
  fc
    .tuple(
      name,
      fc.constantFrom('SELECT 1', "SELECT count(*) FROM t WHERE a = 'x\"y'", 'SHOW server_version'),
      conditions(subject),
    )
    .map(([n, q, c]) => `postgres:${n} query ${JSON.stringify(q)}${c}`),
  fc
    .tuple(
      name,
      fc.constantFrom('GET', 'head'),
      fc.stringMatching(/^\/([A-Za-z0-9_?=&.-][A-Za-z0-9_/?=&.-]{0,11})?$/),
      conditions(httpSubject),
    )
    .map(([n, m, p, c]) => `http:${n} ${m} ${p}${c}`),
  fc.tuple(name, promExpr, conditions(subject)).map(([n, e, c]) => `prometheus:${n} ${e}${c}`),
);

describe('properties', () => {
  it('parseCheck never throws on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (s) => {
        const result = parseCheck(s);
        if (!result.ok) {
          expect(result.error.position).toBeGreaterThanOrEqual(0);
          expect(result.error.position).toBeLessThanOrEqual(s.length);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('parseCheck never throws on near-valid strings', () => {
    const mutated = fc
      .tuple(validCheck, fc.nat(60), fc.string({ maxLength: 3 }))
      .map(([s, at, junk]) => s.slice(0, at) + junk + s.slice(at + junk.length));
    fc.assert(
      fc.property(mutated, (s) => void parseCheck(s)),
      { numRuns: 2000 },
    );
  });

  it('every generated check parses, and format∘parse is idempotent', () => {
    fc.assert(
      fc.property(validCheck, (s) => {
        const first = parseCheck(s);
        expect(first.ok, first.ok ? '' : `${s}: ${first.error.message}`).toBe(true);
        if (!first.ok) return;
        const text = formatCheck(first.check);
        const second = parseCheck(text);
        expect(second).toEqual(first);
        if (second.ok) expect(formatCheck(second.check)).toBe(text);
      }),
      { numRuns: 1500 },
    );
  });
});
