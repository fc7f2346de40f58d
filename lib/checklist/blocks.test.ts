import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseBlocks } from './blocks';
import type { BNode } from './bnode';
import { fastBlocks } from './fast-blocks';
import { frontMatterEnd, remarkBlocks } from './remark-blocks';

/** Blocks as compared: everything the walker reads, source offsets included (item text is sliced by them). */
function project(nodes: BNode[]): unknown[] {
  return nodes.map((n) => {
    const node = n as BNode & { children?: BNode[] };
    return node.children ? { ...node, children: project(node.children) } : node;
  });
}

const reference = (text: string) =>
  project(remarkBlocks(text, 0, 1, frontMatterEnd(text.split('\n')) > 0).nodes);

/** remark's development build asserts on a few odd inputs (`1.` then `[x] a`); skip those. */
function referenceOrNull(text: string): unknown[] | null {
  try {
    return reference(text);
  } catch {
    return null;
  }
}

const LINES = [
  '# Title',
  '## Section',
  '### [ ] SSH key added',
  '- [ ] task one',
  '- [x] done `redis-cli ping`',
  '* [X] star task',
  '+ plus item',
  '1. ordered',
  '2) other delimiter',
  '3. three',
  '  - [ ] nested',
  '  - plain nested',
  '    - [x] deeper',
  '   1. nested ordered',
  '      continuation',
  '  continuation',
  'paragraph text',
  'lazy line',
  '[ ] box line',
  '[x] 12. numbered box',
  '✅ glyph line',
  '- ✅ Cache hit rate >90%',
  '**Status**: [ ] Completed',
  '**Release type**: [ ] Patch [ ] Minor',
  '**Deployed by**: ______',
  '```bash',
  '```',
  '~~~',
  '  ```',
  '  ```json',
  '   ```',
  '    indented code',
  '',
  '',
  '   ',
  '---',
  '***',
  '- - -',
  '===',
  '| a | b |',
  '|---|---|',
  '| [ ] | x |',
  '> quote',
  '<!-- comment -->',
  '<!--',
  '-->',
  '<div>',
  '\t- [ ] tab',
  '-',
  '- [ ]',
  '- [ ]   ',
  '1.',
  '[ref]: /url',
  '- [ ] item <!-- check: redis:cache ping -->',
  '#hashtag',
  '#',
  '# closed #',
  '- # heading in item',
  '-     five spaces',
  '- [x]',
  '  ~~~ python meta',
  '\u00a0',
  '+++',
  'title: x',
  '--- ',
  '# comment inside a code block?',
  '| a \\| b | c |',
  '<!-- one line -->',
  '- <div>',
  '> - [ ] quoted',
  '```js `bad info`',
  '1. [ ] numbered task',
  '- [ ] open https://ci.example.com/x and check',
  '- [ ] see [the docs](https://e.com/d).',
  '  - <mark>note</mark> <https://e.com> www.example.com',
  'text with trailing blanks   ',
];

const docArb = fc.array(fc.constantFrom(...LINES), { maxLength: 30 }).map((ls) => ls.join('\n'));

/** Lines the fast path accepts, so that the comparison exercises it and not only the fallback. */
const SAFE = [
  '## Section',
  '- [ ] task one',
  '- [x] done `redis-cli ping`',
  '* [X] star',
  '1. ordered',
  '2. two',
  '1) paren',
  '  - [ ] nested',
  '  - plain nested',
  '    - [x] deeper',
  '   1. nested ordered',
  '      continuation',
  '  continuation',
  '    four spaces',
  '        eight spaces',
  'paragraph text',
  '[ ] box line',
  '**Status**: [ ] Completed',
  '```bash',
  '```',
  '  ```',
  '    ```',
  '~~~ sh meta',
  '~~~',
  '',
  '  ',
  '      ',
  '---',
  '***',
  '# comment in bash',
  '## Next section',
  '- [ ] open https://ci.example.com/x and check',
  '- [ ] see [the docs](https://e.com/d).',
  'trailing blanks  ',
];
const safeDocArb = fc.array(fc.constantFrom(...SAFE), { maxLength: 40 }).map((ls) => ls.join('\n'));

describe('block parsing', () => {
  it('chunked fast path equals remark on generated documents', () => {
    fc.assert(
      fc.property(docArb, fc.boolean(), (doc, trailing) => {
        const text = trailing ? `${doc}\n` : doc;
        const ref = referenceOrNull(text);
        fc.pre(ref !== null);
        expect(project(parseBlocks(text).nodes)).toEqual(ref);
      }),
      { numRuns: 3000 },
    );
  }, 120_000);

  it('fast path equals remark on documents made of the lines it accepts', () => {
    let fastChunks = 0;
    fc.assert(
      fc.property(safeDocArb, (text) => {
        const ref = referenceOrNull(text);
        fc.pre(ref !== null);
        const parsed = parseBlocks(text);
        fastChunks += parsed.stats.fast;
        expect(project(parsed.nodes)).toEqual(ref);
      }),
      { numRuns: 3000 },
    );
    expect(fastChunks).toBeGreaterThan(600);
  }, 120_000);

  it('the fast path handles the common checklist shape', () => {
    const text = [
      '## Checks',
      '',
      '- [ ] Redis is up',
      '  ```bash',
      '  redis-cli ping',
      '  ```',
      '- [x] Postgres is up',
      '  - [ ] replica',
      '',
      '---',
      '',
      'Some text',
      '1. [ ] numbered',
    ].join('\n');
    expect(fastBlocks(text.split('\n'), 0, 1)).not.toBeNull();
    expect(project(parseBlocks(text).nodes)).toEqual(reference(text));
  });

  it('falls back to remark for the rest of the document after an unclosed fence', () => {
    const text = '## A\n```\ncode\n## not a heading\n- [ ] not an item\n## B\n';
    const parsed = parseBlocks(text);
    expect(project(parsed.nodes)).toEqual(reference(text));
    expect(parsed.nodes.filter((n) => n.type === 'heading')).toHaveLength(1);
  });

  it('an HTML block running into a heading is merged, not split', () => {
    const text = '## A\n<div>\n## B\n- [ ] x\n';
    expect(project(parseBlocks(text).nodes)).toEqual(reference(text));
  });
});
