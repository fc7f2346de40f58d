/**
 * Invariants over every fixture of this folder (and the seed corpus in seeds.test.ts): no item
 * is blank, every item's text is in the source, and `liftoff parse --json` prints it valid.
 */
import { describe, expect, it } from 'vitest';
import { expectTextsFromSource, fixture, fixtureNames, parseOk } from './fixtures/testkit';
import { parseJsonSchema, toParseJson } from './json';

describe.each(fixtureNames())('fixture %s', (name) => {
  it('keeps every item text whole: none blank, each one in the source', () => {
    expectTextsFromSource(parseOk(fixture(name), { filename: name }), fixture(name));
  });

  it('has a title, and JSON in the documented shape', () => {
    const c = parseOk(fixture(name), { filename: name });
    expect(c.title.trim()).not.toBe('');
    const json = toParseJson(c);
    expect(parseJsonSchema.parse(json)).toEqual(json);
    expect(json.counts.codeBlocks).toBe(
      c.code.length +
        c.sections.reduce((n, s) => n + s.code.length, 0) +
        c.items.reduce((n, i) => n + i.code.filter((b) => !b.inline).length, 0),
    );
  });
});
