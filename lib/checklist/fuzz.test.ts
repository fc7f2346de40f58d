/**
 * 10,000 generated and mutated inputs (fixtures/fuzz-inputs.ts): the parser must never throw and
 * must return a well-formed result. How fast it does so is measured by `npm run bench -- parse`,
 * not asserted here.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzInput, hugeLine, lineSoup, mutatedSeed } from './fixtures/fuzz-inputs';
import type { ParseResult } from './model';
import { parseChecklist } from './parse';

const RUNS = 10_000;
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
  expect(c.counts.codeBlocks).toBeLessThanOrEqual(
    c.code.length +
      c.sections.reduce((n, s) => n + s.code.length, 0) +
      c.items.reduce((n, i) => n + i.code.length, 0),
  );
  expect(c.title.trim()).not.toBe('');
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

function parseOrExplain(text: string | Uint8Array, suggest = true): ParseResult {
  try {
    return parseChecklist(text, suggest ? {} : { suggest: () => [] });
  } catch (e) {
    throw new Error(`parseChecklist threw: ${(e as Error).stack}`);
  }
}

describe('fuzz', () => {
  it(`never throws on ${RUNS} generated and mutated inputs`, () => {
    fc.assert(
      fc.property(fuzzInput, (text) => wellFormed(parseOrExplain(text, false))),
      { numRuns: RUNS },
    );
  }, 300_000);

  it('never throws with the real suggested-check library either', () => {
    fc.assert(
      fc.property(fc.oneof(lineSoup, mutatedSeed, hugeLine), (text) => wellFormed(parseOrExplain(text))),
      { numRuns: 300 },
    );
  }, 300_000);
});
