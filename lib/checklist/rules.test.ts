import { describe, expect, it } from 'vitest';
import { fixture, itemByText, parseOk, sectionTitle, texts } from './fixtures/testkit';
import { parseChecklist } from './parse';

const md = (lines: string[]) => lines.join('\n');

describe('rule 1: GFM task items', () => {
  const c = parseOk(fixture('rule01-tasks.md'));

  it('accepts every marker and box spelling', () => {
    const markers = c.items.filter((i) => sectionTitle(c, i.sectionId) === 'Markers');
    expect(markers.map((i) => [i.text, i.checked])).toEqual([
      ['dash open', false],
      ['star checked', true],
      ['plus upper-case checked', true],
      ['dot numbered', false],
      ['paren numbered', true],
    ]);
    expect(markers.every((i) => i.kind === 'task')).toBe(true);
  });

  it('nests items under their parent item', () => {
    const parent = itemByText(c, 'parent');
    const child = itemByText(c, 'child');
    const grandchild = itemByText(c, 'grandchild');
    expect(parent.children).toEqual([child.id, itemByText(c, 'second child').id]);
    expect(child.parentId).toBe(parent.id);
    expect(grandchild.parentId).toBe(child.id);
    expect(itemByText(c, 'sibling').parentId).toBeNull();
  });

  it('keeps continuation and lazy lines with their item', () => {
    expect(texts(c.items.filter((i) => sectionTitle(c, i.sectionId) === 'Continuation'))).toEqual([
      'first line continues here',
      'lazy first line lazy continuation',
      'last',
    ]);
  });

  it('reads a box line that continues a task paragraph as the next item, not as text', () => {
    const t = parseOk('- [ ] a\n[x] b\n- [ ] c\n');
    expect(t.items.map((i) => [i.text, i.checked, i.parentId])).toEqual([
      ['a', false, null],
      ['b', true, null],
      ['c', false, null],
    ]);
  });

  it('counts each checkbox once', () => {
    expect(c.counts.items).toBe(13);
    expect(c.counts.checked).toBe(4);
  });
});

describe('rule 2: box lines and glyphs', () => {
  it('reads bare boxes and glyph lines in Markdown', () => {
    const c = parseOk(fixture('rule02-boxes.md'));
    expect(c.items.map((i) => [i.text, i.checked])).toEqual([
      ['open bare box', false],
      ['checked bare box', true],
      ['12. numbered after the box', false],
      ['open ballot box', false],
      ['open white square', false],
      ['open large square', false],
      ['checked ballot box', true],
      ['checked emoji', true],
      ['checked mark', true],
      ['Cache hit rate >90%', true],
      ['open glyph bullet', false],
    ]);
    expect(itemByText(c, 'Cache hit rate >90%').kind).toBe('glyph');
  });

  it('reads box lines in plain text, with or without a bullet', () => {
    const c = parseOk(fixture('rule02-boxes.txt'), { filename: 'boxes.txt' });
    expect(c.format).toBe('text');
    expect(c.title).toBe('Box lines in plain text');
    expect(c.items.map((i) => [i.text, i.checked])).toEqual([
      ['open', false],
      ['checked', true],
      ['checked upper', true],
      ['12. numbered', false],
      ['bulleted', false],
      ['starred', true],
      ['numbered bullet', false],
      ['open glyph', false],
      ['checked glyph', true],
    ]);
  });

  it('does not take a glyph in the middle of a line for a box', () => {
    const c = parseOk(md(['# T', '', '**Dependencies:** ✅ Liu Ming, ✅ Sergei', '', '- [ ] real']));
    expect(texts(c.items)).toEqual(['real']);
    expect(c.fields).toEqual([]);
  });
});

describe('rule 3: a box after a bold label names the step', () => {
  const c = parseOk(fixture('rule03-status.md'));

  it('makes one item per status line, named after the nearest heading', () => {
    expect(c.items.map((i) => [i.text, i.checked, i.kind])).toEqual([
      ['Step 1: Pre-flight Check — Completed', false, 'status'],
      ['Step 2: Build Images — Completed', true, 'status'],
      ['Test 1: Smoke — Passed', false, 'status'],
    ]);
  });

  it('leaves the step code with the step section', () => {
    const step = c.sections.find((s) => s.title === 'Step 1: Pre-flight Check')!;
    expect(step.code).toEqual([{ lang: 'bash', value: 'docker --version', inline: false }]);
    expect(c.items[0]!.sectionId).toBe(step.id);
  });
});

describe('rule 4: headings', () => {
  const c = parseOk(fixture('rule04-heading-items.md'));

  it('makes a heading that starts with a box an item, with the items below as children', () => {
    const ssh = itemByText(c, 'SSH key added');
    expect(ssh.kind).toBe('heading');
    expect(ssh.checked).toBe(false);
    expect(ssh.children.map((id) => c.items.find((i) => i.id === id)!.text)).toEqual([
      'key in agent',
      'key on server',
      'rotate yearly',
    ]);
    const firewall = itemByText(c, 'Firewall open');
    expect(firewall.checked).toBe(true);
    expect(firewall.parentId).toBeNull();
    expect(itemByText(c, 'port 443').parentId).toBe(firewall.id);
    expect(itemByText(c, 'not under a heading item').parentId).toBeNull();
  });

  it('treats emoji in headings as decoration', () => {
    expect(c.sections.map((s) => s.title)).toEqual([
      'Pre-Deployment',
      'Notes on keys',
      'Plain heading',
      'Prerequisites - VERIFIED',
    ]);
    expect(c.sections[0]!.decoration).toBe('✅');
    expect(c.counts.items).toBe(8);
  });

  it('a heading item ends the deeper sections above it', () => {
    expect(sectionTitle(c, itemByText(c, 'Firewall open').sectionId)).toBe('Pre-Deployment');
  });
});

describe('rule 5: table rows with a box', () => {
  const c = parseOk(fixture('rule05-tables.md'));

  it('makes one item per row, labelled by the first cell', () => {
    expect(c.items.map((i) => [i.text, i.checked, i.kind])).toEqual([
      ['Redis reachable', false, 'table'],
      ['Postgres reachable', true, 'table'],
      ['Cache warm', false, 'table'],
      ['TLS enabled', true, 'table'],
      ['Backups verified', false, 'table'],
    ]);
  });
});

describe('rule 6: code, comments and front matter hide their contents', () => {
  const c = parseOk(fixture('rule06-hidden.md'));

  it('finds only the real item and section', () => {
    expect(texts(c.items)).toEqual(['the only real item']);
    expect(c.sections.map((s) => s.title)).toEqual(['Real']);
    expect(c.title).toBe('Front matter title');
    expect(c.counts.codeBlocks).toBe(3);
  });

  it('hides comments and front matter in plain text too', () => {
    const c = parseOk(
      [
        '---',
        'title: x',
        '[ ] not in front matter',
        '---',
        'Plain',
        '',
        '[ ] real',
        '<!--',
        '[ ] hidden',
        '-->',
        '[x] also real <!-- [ ] hidden inline -->',
        '<!-- [ ] unclosed',
        '[ ] hidden too',
      ].join('\n'),
      { filename: 'p.txt' },
    );
    expect(c.format).toBe('text');
    expect(texts(c.items)).toEqual(['real', 'also real']);
    expect(c.items[1]!.line).toBe(11);
  });

  it('keeps an unclosed fence or comment from producing items', () => {
    expect(parseChecklist('# T\n\n- [ ] a\n\n```\n- [ ] b\n## c').checklist?.items.length ?? 1).toBe(1);
    const comment = parseOk('# T\n\n- [ ] a\n\n<!--\n- [ ] b\n## c\n');
    expect(texts(comment.items)).toEqual(['a']);
    expect(comment.sections).toEqual([]);
  });
});

describe('rule 7: several boxes on one line form a choice field', () => {
  const c = parseOk(fixture('rule07-choice.md'));

  it('makes choice fields, not items', () => {
    expect(texts(c.items)).toEqual(['a real item']);
    expect(c.fields).toMatchObject([
      {
        key: 'release-type',
        label: 'Release type',
        kind: 'choice',
        options: ['Patch', 'Minor', 'Major'],
        selected: ['Minor'],
      },
      {
        key: 'environment',
        label: 'Environment',
        kind: 'choice',
        options: ['Staging', 'Production'],
        selected: [],
      },
    ]);
  });
});

describe('rule 8: code attachment', () => {
  const c = parseOk(fixture('rule08-code.md'));

  it('attaches nested code to its item', () => {
    expect(itemByText(c, 'Redis answers').code).toEqual([
      { lang: 'bash', value: 'redis-cli ping', inline: false },
    ]);
  });

  it('attaches inline code in order', () => {
    expect(itemByText(c, 'Config set: `redis-cli CONFIG GET maxmemory` returns `512mb`').code).toEqual([
      { value: 'redis-cli CONFIG GET maxmemory', inline: true },
      { value: '512mb', inline: true },
    ]);
  });

  it('attaches a block that directly follows an item to it', () => {
    expect(itemByText(c, 'Followed by code').code).toEqual([
      { lang: 'bash', value: 'redis-cli INFO memory', inline: false },
    ]);
  });

  it('gives other blocks to the section', () => {
    const [phase1, phase2] = c.sections;
    expect(phase1!.code).toEqual([
      { lang: 'bash', value: 'docker compose ps', inline: false },
      { value: 'indented block after a paragraph', inline: false },
    ]);
    expect(phase2!.code).toEqual([{ lang: 'bash', value: 'docker compose up -d', inline: false }]);
    expect(c.counts.codeBlocks).toBe(5);
  });

  it('attaches code to a status item or heading item it follows', () => {
    const c2 = parseOk(md(['## S', '', '### [ ] Flush cache', '', '```', 'redis-cli FLUSHDB', '```']));
    expect(c2.items[0]!.code).toEqual([{ value: 'redis-cli FLUSHDB', inline: false }]);
  });
});

describe('rule 9: fields and sign-off roles', () => {
  const c = parseOk(fixture('rule09-fields.md'));

  it('finds labelled blanks, several per line, with units', () => {
    expect(
      c.fields.filter((f) => f.kind === 'text').map((f) => [f.key, f.label, f.unit ?? null, f.group ?? null]),
    ).toEqual([
      ['deployed-by', 'Deployed by', null, null],
      ['version', 'Version', null, null],
      ['date', 'Date', null, null],
      ['time', 'Time', null, null],
      ['p50', 'p50', 'ms', 'API Response Time'],
      ['p50-improvement', 'p50 improvement', '%', 'API Response Time'],
      ['hit-rate', 'Hit Rate', '%', 'Cache'],
    ]);
  });

  it('finds empty tables and sign-off tables', () => {
    expect(c.fields.find((f) => f.kind === 'table')).toMatchObject({
      label: 'Measurements',
      columns: ['Before', 'After'],
      rows: ['p95 latency', 'Error rate'],
    });
    expect(c.fields.find((f) => f.kind === 'signature-table')).toMatchObject({
      rows: ['Release Manager', 'Security'],
    });
    expect(c.signoff).toEqual({ roles: ['Release Manager', 'Security'], fromTable: true });
  });

  it('names a parenthetical blank after the blank before it on the same line', () => {
    const c = parseOk('# T\n\np50: ___ ms (improvement: ___%) p95: ___ ms (improvement: ___%)\n\n- [ ] x\n');
    expect(c.fields.map((f) => [f.label, f.unit])).toEqual([
      ['p50', 'ms'],
      ['p50 improvement', '%'],
      ['p95', 'ms'],
      ['p95 improvement', '%'],
    ]);
  });

  it('defaults the sign-off roles without a table', () => {
    const plain = parseOk('# T\n\n- [ ] a\n\n| Name | Value |\n|---|---|\n| a | 1 |\n');
    expect(plain.signoff).toEqual({
      roles: ['Developer', 'DevOps', 'QA', 'Product Owner'],
      fromTable: false,
    });
    expect(plain.fields).toEqual([]);
  });

  it('keeps fields unique by prefixing the section when labels repeat', () => {
    const twice = parseOk(
      md(['## Before', '', 'p50: ___ ms', '', '## After', '', 'p50: ___ ms', '', '- [ ] x']),
    );
    expect(twice.fields.map((f) => f.key)).toEqual(['before-p50', 'after-p50']);
  });
});

describe('rule 10: reference sections', () => {
  const c = parseOk(fixture('rule10-reference.md'));

  it('marks rollback, troubleshooting, contacts, escalation and support sections and their children', () => {
    // "Support Contacts" holds a task of its own ("page the on-call"): counted (class 6 of issue 9).
    expect(c.sections.map((s) => [s.title, s.reference])).toEqual([
      ['Deploy', false],
      ['Rollback Plan', true],
      ['Restore data', true],
      ['Troubleshooting', true],
      ['Support Contacts', false],
      ['Escalation', true],
      ['Contact', true],
      ['After', false],
    ]);
  });

  it('keeps their items as items but not as progress', () => {
    expect(c.counts.items).toBe(6);
    expect(c.counts.progressItems).toBe(4);
    expect(itemByText(c, 'restore backup').reference).toBe(true);
    expect(itemByText(c, 'counted again').reference).toBe(false);
    expect(c.sections.find((s) => s.title === 'Troubleshooting')!.content).toBe('Check the logs.');
  });
});

describe('rule 11: plain-text headings', () => {
  const c = parseOk(fixture('rule11-plain.txt'), { filename: 'release.txt' });

  it('reads banners, underlines, frames, box drawing and label lines as headings', () => {
    expect(c.format).toBe('text');
    expect(c.title).toBe('RELEASE 1.2 CHECKLIST');
    expect(c.content).toBe('Owner: platform team');
    expect(c.sections.map((s) => [s.title, sectionTitle(c, s.parentId)])).toEqual([
      ['PREPARATION', null],
      ['Environment', 'PREPARATION'],
      ['Validation', 'PREPARATION'],
      ['INLINE BANNER', null],
      ['BOXED TITLE', null],
      ['OBSERVABILITY', 'BOXED TITLE'],
      ['ROLLBACK', 'BOXED TITLE'],
    ]);
  });

  it('puts items in their sections, details under their item', () => {
    expect(c.items.map((i) => [i.text, sectionTitle(c, i.sectionId)])).toEqual([
      ['env vars set', 'Environment'],
      ['secrets rotated', 'Environment'],
      ['smoke test passed', 'Validation'],
      ['logs clean', 'Validation'],
      ['banner item', 'INLINE BANNER'],
      ['boxed item', 'BOXED TITLE'],
      ['dashboards up', 'OBSERVABILITY'],
      ['revert deploy', 'ROLLBACK'],
    ]);
    expect(itemByText(c, 'smoke test passed').details).toBe('- check /health\n- check /metrics');
    expect(itemByText(c, 'revert deploy').reference).toBe(true);
  });

  it('reads setext headings in Markdown too', () => {
    const s = parseOk('Title\n=====\n\nPart\n----\n\n- [ ] x\n');
    expect(s.title).toBe('Title');
    expect(s.sections.map((x) => x.title)).toEqual(['Part']);
  });
});

describe('rule 13: stable ids', () => {
  const v1 = md([
    '# Release',
    '## Prepare',
    '- [ ] Back up the database',
    '- [ ] Tag the release',
    '  - [ ] Push the tag',
    '## Deploy',
    '- [ ] Deploy',
    '- [ ] Deploy',
  ]);

  it('derives ids from section path and text, unique within the checklist', () => {
    const c = parseOk(v1);
    const ids = c.items.map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids[0]).toMatch(/^back-up-the-database-[0-9a-z]{7}$/);
    expect(ids[4]).toBe(`${ids[3]}-2`);
    expect(new Set(c.sections.map((s) => s.id)).size).toBe(2);
  });

  it('keeps the ids of unchanged items when the checklist is edited', () => {
    const before = parseOk(v1);
    const after = parseOk(
      v1
        .replace('- [ ] Tag the release', '- [ ] Write release notes\n- [ ] Tag the release')
        .replace('- [ ] Back up the database', '- [x] Back up the **database**'),
    );
    const id = (c: typeof before, text: string) => itemByText(c, text).id;
    expect(id(after, 'Tag the release')).toBe(id(before, 'Tag the release'));
    expect(id(after, 'Push the tag')).toBe(id(before, 'Push the tag'));
    expect(id(after, 'Back up the **database**')).toBe(id(before, 'Back up the database'));
    expect(after.sections.map((s) => s.id)).toEqual(before.sections.map((s) => s.id));
  });

  it('gives the same text in different sections different ids', () => {
    const c = parseOk(md(['## A', '- [ ] Verify', '## B', '- [ ] Verify']));
    expect(c.items[0]!.id).not.toBe(c.items[1]!.id);
    expect(c.items[1]!.id).not.toMatch(/-2$/);
  });
});

describe('check bindings and suggestions', () => {
  it('binds a check from an HTML comment on the item line and removes it from the text', () => {
    const c = parseOk(
      '- [ ] Redis persistence enabled <!-- check: redis:cache config appendonly == yes -->\n',
    );
    expect(c.items[0]).toMatchObject({
      text: 'Redis persistence enabled',
      check: 'redis:cache config appendonly == yes',
    });
  });

  it('binds checks on box lines, status lines, heading items and plain text', () => {
    const c = parseOk(
      md([
        '# T',
        '## Step 1',
        '**Status**: [ ] Done <!-- check: http:api GET /health [STATUS] == 200 -->',
        '## S',
        '[ ] Postgres up <!-- check: postgres:main ping -->',
        '### [ ] Redis up <!-- check: redis:cache ping -->',
      ]),
    );
    expect(c.items.map((i) => i.check)).toEqual([
      'http:api GET /health [STATUS] == 200',
      'postgres:main ping',
      'redis:cache ping',
    ]);
    const t = parseOk('[ ] Redis up <!-- check: redis:cache ping -->\n[ ] other\n', { filename: 'a.txt' });
    expect(t.items[0]).toMatchObject({ text: 'Redis up', check: 'redis:cache ping' });
  });

  it('calls the suggestion function with the item text and its code, in order', () => {
    const calls: unknown[] = [];
    const c = parseChecklist('- [ ] Ping: `redis-cli PING`\n  ```bash\n  redis-cli INFO\n  ```\n', {
      suggest: (input) => {
        calls.push(input);
        return [{ check: 'redis:cache ping', source: 'redis-cli PING' }];
      },
    });
    expect(calls).toEqual([
      {
        text: 'Ping: `redis-cli PING`',
        code: [
          { value: 'redis-cli PING', inline: true },
          { lang: 'bash', value: 'redis-cli INFO', inline: false },
        ],
        section: [],
        sectionCode: [],
        documentCode: [],
        context: ['Ping: `redis-cli PING`'],
      },
    ]);
    // A suggestion function that names no rule or confidence: a command, sure.
    expect(c.ok && c.checklist.items[0]!.suggestedChecks).toEqual([
      { check: 'redis:cache ping', source: 'redis-cli PING', rule: 'command', confidence: 1 },
    ]);
  });

  it('survives a suggestion function that throws', () => {
    const c = parseChecklist('- [ ] a\n', {
      suggest: () => {
        throw new Error('boom');
      },
    });
    expect(c.ok && c.checklist.items[0]!.suggestedChecks).toEqual([]);
  });
});
