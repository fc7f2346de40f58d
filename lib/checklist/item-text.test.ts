/**
 * Property: item texts carry every word of the source. Generated lists mix links, bare URLs,
 * inline HTML, comments, code and nested bullets; the plain text of each item (its Markdown read
 * back) must equal what a reference reader — remark + remark-gfm with every inline construct on —
 * extracts from the same task item. This is the test that catches an item coming out blank.
 */
import fc from 'fast-check';
import type { Nodes } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { parseOk } from './fixtures/testkit';

const reader = unified().use(remarkParse).use(remarkGfm);

/** Plain text as a person reads it: comments dropped, other HTML shown as written, spaces collapsed. */
function plain(node: Nodes): string {
  if (node.type === 'html') return node.value.startsWith('<!--') ? ' ' : node.value;
  if (node.type === 'text' || node.type === 'inlineCode') return node.value;
  if (node.type === 'break') return ' ';
  if (node.type === 'image') return node.alt ?? '';
  return 'children' in node ? node.children.map((c) => plain(c as Nodes)).join('') : '';
}
const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/** What the reference reader finds: the first paragraph of every GFM task item, in document order. */
function referenceTexts(doc: string): string[] {
  const out: string[] = [];
  const visit = (node: Nodes) => {
    if (node.type === 'listItem' && typeof node.checked === 'boolean') {
      const first = node.children[0];
      out.push(first?.type === 'paragraph' ? squash(plain(first)) : '');
    }
    if ('children' in node) for (const c of node.children) visit(c as Nodes);
  };
  visit(reader.parse(doc));
  return out;
}

const ourTexts = (doc: string) => parseOk(doc).items.map((i) => squash(plain(reader.parse(i.text))));

const word = fc.constantFrom(
  'deploy',
  'the',
  'Redis',
  'cache',
  'v2.4',
  'release',
  'notes',
  '#ops',
  '(see',
  'it)',
);
const fragment = fc.oneof(
  { weight: 4, arbitrary: word },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '[the docs](https://docs.example.com/a)',
      '[semver](https://semver.org/).',
      'https://ci.example.com/job/42',
      'https://e.com/x.',
      'www.example.com',
      '<https://downloads.example.com/2.4/>',
      'ops@example.com',
      '<mark>hot</mark>',
      '<br>',
      '<kbd>Ctrl</kbd>',
      '<!-- note -->',
      '`redis-cli ping`',
      '**bold**',
      '_em_',
      '~~old~~',
    ),
  },
);
const inline = fc
  .tuple(word, fc.array(fragment, { minLength: 0, maxLength: 8 }))
  .map(([w, rest]) => [w, ...rest].join(' '));

const taskLine = (indent: string) =>
  fc
    .tuple(fc.constantFrom('- [ ] ', '- [x] ', '* [ ] ', '1. [ ] '), inline, fc.option(inline))
    .map(([marker, text, more]) => {
      const pad = indent + ' '.repeat(marker.length);
      return `${indent}${marker}${text}${more === null ? '' : `\n${pad}${more}`}`;
    });

const block = fc.oneof(
  { weight: 5, arbitrary: taskLine('') },
  { weight: 2, arbitrary: taskLine('  ') },
  { weight: 2, arbitrary: inline.map((t) => `  - ${t}`) },
  { weight: 1, arbitrary: inline.map((t) => `    - <mark>${t}</mark>`) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('<!-- a comment line -->', '', '## Section', '<details>', '</details>'),
  },
);
const documents = fc
  .array(block, { minLength: 1, maxLength: 14 })
  .map((ls) => `# Generated\n\n${ls.join('\n')}\n`);

describe('item texts', () => {
  it('equal what remark + remark-gfm reads from the same task items', () => {
    fc.assert(
      fc.property(documents, (doc) => {
        const expected = referenceTexts(doc);
        fc.pre(expected.length > 0);
        const ours = ourTexts(doc);
        expect(ours).toEqual(expected);
        expect(ours.join('\n')).toBe(expected.join('\n'));
        for (const t of ours) expect(t).not.toBe('');
      }),
      { numRuns: 300 },
    );
  }, 120_000);
});
