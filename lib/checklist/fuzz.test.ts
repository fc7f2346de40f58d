/**
 * 10,000 generated and mutated inputs: random bytes, random text, Markdown/plain-text line soup,
 * deep nesting, huge lines, unclosed fences and comments, and mutated seeds. The parser must never
 * throw, must return a well-formed result, and must be fast on each input. Timing is measured
 * without suggested checks (lib/checks has its own budget).
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { seed, seedFiles } from './fixtures/testkit';
import type { ParseResult } from './model';
import { parseChecklist } from './parse';

const RUNS = 10_000;
/**
 * The budget is 50 ms per input. An input over budget is timed twice more and its best time
 * counts, so a GC pause or a busy neighbour on a 2-core machine does not fail the run; the best
 * time must stay under the hard limit, and 99% of inputs under the budget.
 */
const BUDGET_MS = 50;
const HARD_LIMIT_MS = 250;

const SNIPPETS = [
  '# Title',
  '## Section',
  '### [ ] heading item',
  '- [ ] task',
  '- [x] done `redis-cli ping`',
  '* [X] star',
  '+ [ ] plus',
  '1. [ ] one',
  '2) [x] two',
  '  - [ ] nested',
  '      continuation',
  'lazy line',
  '[ ] bare box',
  '[x] 12. numbered',
  '☐ open glyph',
  '✅ done glyph',
  '- ✅ Cache hit rate >90%',
  '**Status**: [ ] Completed',
  '**Release type**: [ ] Patch [ ] Minor [ ] Major',
  '**Deployed by**: ________',
  'p50: _____ ms (improvement: ___%)',
  '| Role | Name | Date | Signature |',
  '|------|------|------|-----------|',
  '| QA | | | |',
  '| Redis | [ ] |',
  '```bash',
  '```',
  '~~~',
  '    indented code',
  '<!--',
  '-->',
  '<!-- check: redis:cache ping -->',
  '- [ ] bound <!-- check: redis:cache ping -->',
  '<div>',
  '> quote',
  '> - [ ] quoted task',
  '---',
  '===',
  '================',
  'PLAIN HEADING',
  'Validation:',
  '╔════╗',
  '║ T ║',
  '╚════╝',
  '=== banner ===',
  '\t- [ ] tab',
  '',
  '',
  '\r',
  '\uFEFF',
  'â€” âœ… üìã',
  'Implantação concluída — Проверка 🚀',
  '[ref]: http://x',
  '- [ ]',
  '-',
  '1.',
  '\\- [ ] escaped',
  '`unclosed',
  '**bold [ ] mid',
];

const lineSoup = fc.array(fc.constantFrom(...SNIPPETS), { maxLength: 60 }).map((ls) => ls.join('\n'));

const deepNesting = fc
  .tuple(
    fc.integer({ min: 1, max: 60 }),
    fc.constantFrom('  ', '    ', '> ', '\t', '   '),
    fc.constantFrom('- [ ] x', '1. [x] y', '[ ] z', 'text'),
  )
  .map(([depth, unit, line]) => Array.from({ length: depth }, (_, i) => unit.repeat(i) + line).join('\n'));

const hugeLine = fc
  .tuple(
    fc.constantFrom('- [ ] ', '', '| ', '# ', '> ', '**Label**: '),
    fc.constantFrom('word ', '`x` ', '<!-- ', '[ ] ', '___ ', '*a ', '\\', '|', '    '),
    fc.integer({ min: 100, max: 1500 }),
  )
  .map(([head, unit, n]) => head + unit.repeat(n));

const unclosed = fc
  .tuple(lineSoup, fc.constantFrom('```', '~~~~', '<!--', '<script>', '<div>', '---', '+++'), lineSoup)
  .map(([a, opener, b]) => `${a}\n${opener}\n${b}`);

const randomText = fc.string({ unit: 'binary', maxLength: 2000 });
const randomBytes = fc.uint8Array({ maxLength: 2000 });

const seeds = seedFiles().map((f) => new TextDecoder().decode(seed(f.slice(0, 3)).bytes));

type Mutation =
  | { op: 'truncate'; at: number }
  | { op: 'delete'; at: number; len: number }
  | { op: 'duplicate'; at: number; len: number }
  | { op: 'insert'; at: number; text: string }
  | { op: 'crlf' | 'cr' | 'bom' };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), len: fc.nat({ max: 400 }) }),
  fc.record({ op: fc.constant('duplicate' as const), at: fc.nat(), len: fc.nat({ max: 400 }) }),
  fc.record({
    op: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.oneof(fc.constantFrom(...SNIPPETS), fc.string({ maxLength: 20 })),
  }),
  fc.record({ op: fc.constantFrom('crlf' as const, 'cr' as const, 'bom' as const) }),
);

function mutate(text: string, ms: Mutation[]): string {
  let s = text;
  for (const m of ms) {
    const at = 'at' in m ? m.at % (s.length + 1) : 0;
    if (m.op === 'truncate') s = s.slice(0, at);
    else if (m.op === 'delete') s = s.slice(0, at) + s.slice(at + m.len);
    else if (m.op === 'duplicate') s = s.slice(0, at + m.len) + s.slice(at, at + m.len) + s.slice(at + m.len);
    else if (m.op === 'insert') s = `${s.slice(0, at)}\n${m.text}\n${s.slice(at)}`;
    else if (m.op === 'crlf') s = s.replace(/\n/g, '\r\n');
    else if (m.op === 'cr') s = s.replace(/\n/g, '\r');
    else s = `\uFEFF${s}`;
  }
  return s;
}

const mutatedSeed = fc
  .tuple(fc.constantFrom(...seeds), fc.array(mutation, { minLength: 1, maxLength: 6 }))
  .map(([s, ms]) => mutate(s, ms));

/** Bytes of a mutated seed with a few bytes overwritten (invalid UTF-8, NULs, stray CRs). */
const corruptedSeed = fc
  .tuple(
    fc.constantFrom(...seeds),
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
  )
  .map(([s, flips]) => {
    const bytes = new TextEncoder().encode(s.slice(0, 3000));
    for (const [at, b] of flips) if (bytes.length) bytes[at % bytes.length] = b;
    return bytes;
  });

const input: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  { weight: 3, arbitrary: lineSoup },
  { weight: 1, arbitrary: deepNesting },
  { weight: 1, arbitrary: hugeLine },
  { weight: 2, arbitrary: unclosed },
  { weight: 1, arbitrary: randomText },
  { weight: 1, arbitrary: randomBytes },
  { weight: 2, arbitrary: mutatedSeed },
  { weight: 1, arbitrary: corruptedSeed },
);

const ERROR_CODES = new Set(['empty', 'not_text', 'too_large', 'no_items', 'internal']);

function wellFormed(r: ParseResult): void {
  if (!r.ok) {
    expect(ERROR_CODES.has(r.error.code)).toBe(true);
    expect(r.error.code).not.toBe('internal');
    expect(r.error.message.length).toBeGreaterThan(0);
    if (r.error.code !== 'no_items') return;
    expect(r.checklist).toBeDefined();
  }
  const c = r.ok ? r.checklist : r.checklist!;
  expect(c.counts.items).toBe(c.items.length);
  const ids = new Set(c.items.map((i) => i.id));
  expect(ids.size).toBe(c.items.length);
  const sections = new Set(c.sections.map((s) => s.id));
  for (const i of c.items) {
    if (i.parentId !== null) expect(ids.has(i.parentId)).toBe(true);
    if (i.sectionId !== null) expect(sections.has(i.sectionId)).toBe(true);
  }
  expect(new Set(c.fields.map((f) => f.key)).size).toBe(c.fields.length);
  expect(() => JSON.stringify(c)).not.toThrow();
}

describe('fuzz', () => {
  const times: number[] = [];

  afterAll(() => {
    const s = [...times].sort((a, b) => a - b);
    const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]?.toFixed(2);
    console.log(
      `fuzz: ${s.length} inputs, parse time p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${s.at(-1)?.toFixed(2)} ms`,
    );
  });

  it(`never throws on ${RUNS} generated and mutated inputs, each well under ${HARD_LIMIT_MS} ms`, () => {
    // Warm the JIT so that the first inputs are not measured cold.
    for (const s of seeds) parseChecklist(s);
    fc.assert(
      fc.property(input, (text) => {
        const t = performance.now();
        let r: ParseResult;
        try {
          r = parseChecklist(text, { suggest: () => [] });
        } catch (e) {
          throw new Error(`parseChecklist threw: ${(e as Error).stack}`);
        }
        let ms = performance.now() - t;
        for (let retry = 0; retry < 2 && ms > BUDGET_MS; retry++) {
          const again = performance.now();
          parseChecklist(text, { suggest: () => [] });
          ms = Math.min(ms, performance.now() - again);
        }
        times.push(ms);
        wellFormed(r);
        expect(ms).toBeLessThan(HARD_LIMIT_MS);
      }),
      { numRuns: RUNS },
    );
    const sorted = [...times].sort((a, b) => a - b);
    expect(sorted[Math.floor(sorted.length * 0.99)]!).toBeLessThan(BUDGET_MS);
  }, 300_000);

  it('never throws with the real suggested-check library either', () => {
    fc.assert(
      fc.property(fc.oneof(lineSoup, mutatedSeed, hugeLine), (text) => {
        wellFormed(parseChecklist(text));
      }),
      { numRuns: 300 },
    );
  }, 300_000);
});
