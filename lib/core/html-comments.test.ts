import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toPlain } from '@/lib/checklist/inline';
import { suggestChecks } from '@/lib/checks/suggest';
import { removeCheckComment, replaceHtmlComments } from './html-comments';

/** The regex it replaces: right answers, quadratic time on unclosed `<!--`. */
const byRegex = (text: string, replacement: string) => text.replace(/<!--[\s\S]*?-->/g, replacement);

describe('replaceHtmlComments', () => {
  it('gives what the regex gave, on any mix of comment markers (fuzz)', () => {
    const piece = fc.constantFrom('<!--', '-->', '<!', '--', '>', '-', 'a', ' ', '\n', '<!---->', 'check: x');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), fc.constantFrom('', ' '), (parts, replacement) => {
        const text = parts.join('');
        expect(replaceHtmlComments(text, replacement)).toBe(byRegex(text, replacement));
      }),
      { numRuns: 3_000 },
    );
  });

  it('reads 480 KB of unclosed comments in one pass (the regex needed 31 s)', { timeout: 5_000 }, () => {
    const hostile = `- [ ] run \`redis-cli ping\` ${'<!-- '.repeat(96_000)}`;
    expect(replaceHtmlComments(hostile, ' ')).toBe(hostile);
    expect(toPlain(hostile).length).toBeGreaterThan(0);
    expect(suggestChecks({ text: hostile, code: [] })).toEqual(expect.any(Array));
  });

  it('spares the comments `keep` chooses', () => {
    const isCheck = (head: string) => /^\s*check\s*:/i.test(head);
    expect(replaceHtmlComments('a <!-- hidden --> b <!-- check: x --> c', '', isCheck)).toBe(
      'a  b <!-- check: x --> c',
    );
  });
});

describe('removeCheckComment', () => {
  it('removes the first check binding and the blanks before it, nothing else', () => {
    expect(removeCheckComment('- [ ] a  <!-- check: redis:x ping --> tail')).toBe('- [ ] a tail');
    expect(removeCheckComment('- [ ] a <!-- note --> b <!--check:x-->')).toBe('- [ ] a <!-- note --> b');
    expect(removeCheckComment('- [ ] a <!-- check: open')).toBe('- [ ] a <!-- check: open');
    const hostile = `- [ ] a ${' '.repeat(50_000)}${'<!-- '.repeat(50_000)}`;
    expect(removeCheckComment(hostile)).toBe(hostile);
  });
});
