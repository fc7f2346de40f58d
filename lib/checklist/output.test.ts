import { describe, expect, it } from 'vitest';
import { diffChecklists, similarity } from './diff';
import { describeCorpus, fixture, parseOk, seed } from './fixtures/testkit';
import { parseJsonSchema, toParseJson } from './json';
import { renderOutline } from './outline';

const v1 = [
  '# Release',
  '## Prepare',
  '- [ ] Back up the database',
  '- [ ] Tag the release',
  '  - [ ] Push the tag',
  '- [ ] Notify the team',
  '## Deploy',
  '- [ ] Deploy the API',
  '  ```bash',
  '  docker compose up -d api',
  '  ```',
].join('\n');

describe('diffChecklists', () => {
  it('reports nothing for the same checklist', () => {
    const d = diffChecklists(parseOk(v1), parseOk(v1));
    expect(d).toMatchObject({
      added: [],
      removed: [],
      changed: [],
      unchanged: 5,
      summary: 'no item changes',
    });
  });

  it('finds added, removed and changed items', () => {
    const before = parseOk(v1);
    const after = parseOk(
      v1
        .replace('- [ ] Notify the team\n', '')
        .replace(
          '- [ ] Back up the database',
          '- [x] Back up the database <!-- check: postgres:main ping -->',
        )
        .replace('docker compose up -d api', 'docker compose up -d api worker')
        .concat('\n- [ ] Run smoke tests'),
    );
    const d = diffChecklists(before, after);
    const text = (id: string) =>
      after.items.find((i) => i.id === id)?.text ?? before.items.find((i) => i.id === id)?.text;
    expect(d.added.map(text)).toEqual(['Run smoke tests']);
    expect(d.removed.map(text)).toEqual(['Notify the team']);
    expect(d.details.changed.map((c) => [c.text, c.changes])).toEqual([
      ['Back up the database', ['checked', 'check']],
      ['Deploy the API', ['code']],
    ]);
    expect(d.summary).toBe('1 added, 1 removed, 2 changed');
  });

  it('treats a reworded item in the same section as changed, and keeps its children attached', () => {
    const before = parseOk(v1);
    const after = parseOk(v1.replace('Tag the release', 'Tag the release candidate'));
    const d = diffChecklists(before, after);
    expect(d.added).toEqual([]);
    expect(d.removed).toEqual([]);
    expect(d.details.changed).toEqual([
      {
        id: after.items[1]!.id,
        previousId: before.items[1]!.id,
        text: 'Tag the release candidate',
        previousText: 'Tag the release',
        changes: ['text'],
      },
    ]);
  });

  it('returns plain id lists that fit the template store', () => {
    const d = diffChecklists(parseOk(v1), parseOk(`${v1}\n- [ ] More`));
    const stored: { added: string[]; removed: string[]; changed: string[] } = d;
    expect(stored.added).toHaveLength(1);
  });

  it('scores similarity with character bigrams', () => {
    expect(similarity('tag the release', 'tag the release')).toBe(1);
    expect(similarity('tag the release', 'tag the release candidate')).toBeGreaterThan(0.6);
    expect(similarity('tag the release', 'restart redis')).toBeLessThan(0.4);
  });
});

describe('toParseJson', () => {
  it('has the CLI shape: flat items in document order, nested included', () => {
    const c = parseOk(`${v1}\n- [ ] Bound <!-- check: redis:cache ping -->`, {
      suggest: (i) =>
        i.text === 'Deploy the API' ? [{ check: 'http:api GET /health', source: 'docker compose' }] : [],
    });
    const json = toParseJson(c);
    expect(Object.keys(json)).toEqual([
      'title',
      'sections',
      'items',
      'fields',
      'signoff',
      'stages',
      'counts',
    ]);
    expect(json.stages).toEqual([]);
    expect(json.title).toBe('Release');
    expect(json.items.map((i) => i.text)).toEqual([
      'Back up the database',
      'Tag the release',
      'Push the tag',
      'Notify the team',
      'Deploy the API',
      'Bound',
    ]);
    expect(json.items[4]).toEqual({
      id: c.items[4]!.id,
      text: 'Deploy the API',
      checked: false,
      section: c.sections[1]!.id,
      code: [{ lang: 'bash', value: 'docker compose up -d api', inline: false }],
      suggestedChecks: [
        { check: 'http:api GET /health', source: 'docker compose', rule: 'command', confidence: 1 },
      ],
    });
    expect(json.items[5]!.check).toBe('redis:cache ping');
    expect('check' in json.items[0]!).toBe(false);
    // Items 4 (a suggestion) and 5 (a bound check) can verify themselves.
    expect(json.counts).toEqual({
      items: 6,
      checked: 0,
      sections: 2,
      codeBlocks: 1,
      fields: 0,
      verifiable: 2,
    });
    expect(json.signoff).toEqual({ roles: ['Developer', 'DevOps', 'QA', 'Product Owner'] });
    expect(parseJsonSchema.parse(JSON.parse(JSON.stringify(json)))).toEqual(json);
  });

  it('lists fields with key, label and unit only', () => {
    const c = parseOk('# T\n\np50: ____ ms\n\n**Deployed by**: ____\n\n- [ ] x\n');
    expect(toParseJson(c).fields).toEqual([
      { key: 'p50', label: 'p50', unit: 'ms' },
      { key: 'deployed-by', label: 'Deployed by' },
    ]);
  });
});

describe('renderOutline', () => {
  it('renders sections with their tags, nested items with their code, and the default sign-off', () => {
    const out = renderOutline(parseOk(fixture('class6-reference.md')));
    expect(out.split('\n').slice(0, 3)).toEqual([
      'Payments rollback drill',
      '=======================',
      '7 items (0 checked, 6 counted for progress), 7 sections, 0 code blocks, 0 fields',
    ]);
    expect(out).toContain('\n# Troubleshooting  (reference, 1 item)\n  [ ] restart the queue consumer\n');
    expect(out).toContain('\n  ## Escalation  (1 item)\n    [ ] page the incident commander\n');
    expect(out).toContain('\n# Known issues  (counted by marker, 1 item)\n');
    const code = renderOutline(parseOk(fixture('class7-commands.txt'), { filename: 'r.txt' }));
    expect(code).toContain('\n  [ ] Build the distribution  (1 code)\n');
    expect(code.trimEnd().split('\n').at(-1)).toBe(
      'Sign-off: Developer, DevOps, QA, Product Owner (default roles)',
    );
  });
});

describeCorpus('renderOutline of a seed', () => {
  it('renders a readable outline with sections, items, fields and sign-off', () => {
    const s = seed('002');
    const out = renderOutline(parseOk(s.bytes, { filename: s.name }));
    expect(out.split('\n').slice(0, 3)).toEqual([
      'Performance Optimization Deployment Checklist',
      '=============================================',
      '96 items (0 checked, 96 counted for progress), 28 sections, 14 code blocks, 15 fields',
    ]);
    expect(out).toContain('\n# Pre-Deployment Checklist\n');
    expect(out).toContain('\n  ## Environment Verification  (8 items)\n');
    expect(out).toContain('\n    [ ] Docker and Docker Compose installed (20.10+)\n');
    expect(out).toContain('\n      [ ] `REDIS_HOST=redis`\n');
    expect(out).toContain('# Rollback Procedure  (reference)');
    expect(out).toContain('  after-deployment-p50: API Response Time — p50 [ms]');
    expect(out.trimEnd().split('\n').at(-1)).toBe('Sign-off: Developer, DevOps, QA, Product Owner');
  });
});
