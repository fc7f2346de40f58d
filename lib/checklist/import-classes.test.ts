/**
 * Real-world checklist classes that once lost words or miscounted (issue 9), one fixture each.
 * Every test asserts the texts a person would read, not only counts.
 */
import { describe, expect, it } from 'vitest';
import { commandLine } from './commands';
import { lineFields } from './fields';
import { fixture, itemByText, parseOk, sectionTitle, texts } from './fixtures/testkit';
import { setCountedMarker } from './markers';

describe('class 1: raw HTML beside links and URLs keeps every word', () => {
  it('the smallest case: a comment line above an item with a link', () => {
    expect(texts(parseOk('<!-- c -->\n- [ ] Create [a](https://e.com/x).\n').items)).toEqual([
      'Create [a](https://e.com/x).',
    ]);
  });

  it('keeps links as Markdown, drops comments, shows other inline HTML as text', () => {
    const c = parseOk(fixture('class1-html-links.md'));
    expect(texts(c.items)).toEqual([
      'Create the [release branch](https://git.example.com/help/branches).',
      'Open https://ci.example.com/release and check the pipeline is green',
      'Announce the freeze in <mark>#releases</mark><br>and on the mailing list',
      'Bump the version in `package.json` (see [semver](https://semver.org/))',
      'Upload the artefacts to <https://downloads.example.com/2.4/>',
      'Tag the release: <kbd>git tag</kbd> then push',
    ]);
    expect(
      itemByText(c, 'Announce the freeze in <mark>#releases</mark><br>and on the mailing list').details,
    ).toBe(
      '- <details><summary>Template</summary>Freeze starts now.</details>\n- see <https://wiki.example.com/freeze> and [the calendar](https://cal.example.com)',
    );
  });
});

describe('class 2: code blocks are fenced and indented blocks only', () => {
  const c = parseOk(fixture('class2-code-count.md'));

  it('counts the blocks, not the inline code of nested notes', () => {
    expect(c.counts.codeBlocks).toBe(2);
    expect(itemByText(c, 'Build the images').code).toEqual([
      { value: 'make images', inline: true },
      { value: 'docker compose build', inline: true },
      { value: 'docker compose push', inline: true },
      { lang: 'bash', value: 'docker compose build', inline: false },
    ]);
    expect(itemByText(c, 'Check the logs for `ERROR`').code).toEqual([
      { value: 'ERROR', inline: true },
      { value: 'indented block under the second item', inline: false },
    ]);
  });
});

describe('class 3: the title', () => {
  it('is the first of several H1s, decoration stripped, and that H1 stays a section', () => {
    const c = parseOk(fixture('class3-several-h1.md'), { filename: 'failover.md' });
    expect(c.title).toBe('Database failover');
    expect(c.sections.map((s) => [s.title, s.decoration ?? null])).toEqual([
      ['Database failover', '🚀'],
      ['Overview', null],
      ['Rollback', null],
    ]);
    expect(sectionTitle(c, itemByText(c, 'Promote the replica').sectionId)).toBe('Database failover');
  });

  it('is the first heading of the highest level present when there is no H1', () => {
    const c = parseOk(fixture('class3-wiki-export.md'), { filename: 'export.md' });
    expect(c.title).toBe('Cache Cluster Upgrade Runbook');
    expect(c.sections.map((s) => s.title)).toEqual(['Prepare', 'Upgrade']);
  });

  it('is the first line that is neither an item nor a comment when there is no heading', () => {
    expect(parseOk(fixture('class3-first-line.md'), { filename: 'weekly.md' }).title).toBe(
      'Weekly maintenance window',
    );
    expect(parseOk('- [ ] a\n  - a note under the item\n', { filename: 'notes-only.md' }).title).toBe(
      'notes only',
    );
  });

  it('comes from front matter `name` when there is no `title`', () => {
    expect(parseOk(fixture('class3-front-matter.md')).title).toBe('Certificate rotation');
  });

  it('never skips a heading for a status glyph in front of it', () => {
    expect(parseOk('# ☑ Release 2.4\n\n- [ ] a\n', { filename: 'x.md' }).title).toBe('Release 2.4');
    expect(parseOk('# ✅ 📋 Release 2.4\n\n## Steps\n\n- [ ] a\n').sections.map((s) => s.title)).toEqual([
      'Steps',
    ]);
  });
});

describe('class 4: two blanks on one line are two fields', () => {
  it('in Markdown and in plain text', () => {
    for (const name of ['class4-two-blanks.md', 'class4-two-blanks.txt']) {
      const c = parseOk(fixture(name), { filename: name });
      expect(
        c.fields.map((f) => [f.key, f.label]),
        name,
      ).toEqual([
        ['drill-lead', 'Drill lead'],
        ['drill-date', 'Drill date'],
        ['owner', 'Owner'],
        ['date', 'Date'],
      ]);
      expect(texts(c.items)).toEqual(['Sound the alarm']);
    }
  });

  it('still reads a unit between two blanks', () => {
    expect(lineFields('p50: ___ ms p95: ___ ms')).toEqual([
      { label: 'p50', unit: 'ms' },
      { label: 'p95', unit: 'ms' },
    ]);
  });
});

describe('class 5: radio-style boxes in plain text', () => {
  it('are items, checked with x, X or *', () => {
    const c = parseOk(fixture('class5-radio.txt'), { filename: 'steps.txt' });
    expect(c.format).toBe('text');
    expect(c.items.map((i) => [i.text, i.checked])).toEqual([
      ['run the tests', false],
      ['tag the release', false],
      ['write the changelog', true],
      ['bump the version', true],
      ['announce the freeze', true],
      ['nested under the announcement', false],
    ]);
    expect(itemByText(c, 'nested under the announcement').parentId).toBe(
      itemByText(c, 'announce the freeze').id,
    );
  });

  it('are read as plain text without a file name too, and a bare `( )` is no item', () => {
    const c = parseOk('( ) one\n(x) two\n( )\n');
    expect(c.format).toBe('text');
    expect(texts(c.items)).toEqual(['one', 'two']);
  });
});

describe('class 6: reference sections come from their own heading', () => {
  const c = parseOk(fixture('class6-reference.md'));
  const reference = (title: string) => c.sections.find((s) => s.title === title)?.reference;

  it('a title H1 naming a rollback does not make the document reference', () => {
    expect(c.title).toBe('Payments rollback drill');
    expect(reference('Steps')).toBe(false);
    expect(itemByText(c, 'Roll back the payments service').reference).toBe(false);
  });

  it('support and contacts count when they hold a task of their own; plans never do', () => {
    expect(reference('Support')).toBe(false);
    expect(itemByText(c, 'Update tickets with the drill number').reference).toBe(false);
    expect(reference('Support Contacts')).toBe(true);
    expect(reference('Escalation')).toBe(false);
    expect(reference('Troubleshooting')).toBe(true);
    expect(itemByText(c, 'restart the queue consumer').reference).toBe(true);
  });

  it('a counted marker on the heading counts the section and what it passes down', () => {
    expect(c.sections.find((s) => s.title === 'Known issues')).toMatchObject({
      reference: false,
      counted: true,
    });
    expect(reference('Notes')).toBe(false);
    expect(c.counts).toMatchObject({ items: 7, progressItems: 6 });
  });

  it('the marker is written on, and removed from, the heading line the preview toggles', () => {
    const src = '# T\r\n\r\n## Troubleshooting ##\r\n- [ ] restart\r\n';
    const section = parseOk(src).sections[0]!;
    expect(section.reference).toBe(true);
    const marked = setCountedMarker(src, section.line, true)!;
    expect(marked).toBe('# T\r\n\r\n## Troubleshooting <!-- liftoff: counted --> ##\r\n- [ ] restart\r\n');
    expect(parseOk(marked).sections[0]).toMatchObject({
      id: section.id,
      title: 'Troubleshooting',
      reference: false,
    });
    expect(setCountedMarker(marked, section.line, false)).toBe(src);
    expect(setCountedMarker(src, 99, true)).toBeNull();
  });

  it('plain-text headings take the marker too', () => {
    const txt = 'RELEASE\n=======\n\n[ ] ship\n\nROLLBACK\n────────\n  [ ] revert\n';
    const before = parseOk(txt, { filename: 'r.txt' });
    const rollback = before.sections.find((s) => s.title === 'ROLLBACK')!;
    expect(rollback.reference).toBe(true);
    const after = parseOk(setCountedMarker(txt, rollback.line, true)!, { filename: 'r.txt' });
    expect(after.sections.find((s) => s.title === 'ROLLBACK')).toMatchObject({
      reference: false,
      counted: true,
    });
    expect(texts(after.items)).toEqual(['ship', 'revert']);
  });
});

describe('class 7: plain-text commands under an item are its code', () => {
  const c = parseOk(fixture('class7-commands.txt'), { filename: 'release.txt' });

  it('keeps them out of the text, as blocks (not inline)', () => {
    expect(c.items.map((i) => [i.text, i.code])).toEqual([
      ['Build the distribution', [{ value: 'make dist\nmake checksums', inline: false }]],
      ['Tag the release', [{ value: 'git tag v1.2.3\n  && git push origin v1.2.3', inline: false }]],
      ['Update the changelog with every change merged since the last release', []],
      ['Publish', [{ value: './scripts/publish.sh --channel stable', inline: false }]],
    ]);
    expect(itemByText(c, 'Publish').details).toBe('then tell the team');
    expect(c.counts.codeBlocks).toBe(3);
  });

  it('tells commands from wrapped words', () => {
    expect(commandLine('make dist')).toBe('make dist');
    expect(commandLine('$ npm publish')).toBe('npm publish');
    expect(commandLine('sudo systemctl restart nginx')).toBe('sudo systemctl restart nginx');
    expect(commandLine('make sure the cache is warm')).toBeNull();
    expect(commandLine('the last release')).toBeNull();
    expect(commandLine('deploy with --force')).toBeNull();
  });
});
