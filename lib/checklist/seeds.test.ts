/**
 * The five real checklists of the seed corpus (../shared/seeds, see tests/support/corpus.ts).
 * Counts were established by reading each file; the judgment calls are noted next to each
 * expectation.
 */
import { describe, expect, it } from 'vitest';
import {
  describeCorpus,
  expectTextsFromSource,
  itemByText,
  parseOk,
  sectionTitle,
  seed,
  seedFiles,
  texts,
} from './fixtures/testkit';
import { parseJsonSchema, toParseJson } from './json';
import type { Checklist } from './model';

const DEFAULT_ROLES = ['Developer', 'DevOps', 'QA', 'Product Owner'];

/**
 * An independent count of the checkboxes in a Markdown seed: `[ ]`/`[x]` anywhere on a line plus
 * lines that start (after a bullet) with a box glyph, outside fenced code.
 */
function countBoxes(text: string): { boxes: number; checked: number } {
  let inFence: string | null = null;
  let boxes = 0;
  let checked = 0;
  for (const line of text.split(/\r?\n/)) {
    const fence = /^\s*(`{3,}|~{3,})/.exec(line);
    if (fence) {
      if (inFence === null) inFence = fence[1]![0]!;
      else if (fence[1]![0] === inFence) inFence = null;
      continue;
    }
    if (inFence) continue;
    for (const m of line.matchAll(/\[([ xX])\]/g)) {
      boxes++;
      if (m[1] !== ' ') checked++;
    }
    if (/^\s*(?:[-*+]\s+)?[☐□⬜☑✅✔]/u.test(line) && !/^#/.test(line.trim())) {
      boxes++;
      if (/^\s*(?:[-*+]\s+)?[☑✅✔]/u.test(line)) checked++;
    }
  }
  return { boxes, checked };
}

interface Expected {
  items: number;
  checked: number;
  codeBlocks: number;
  sections: number;
  progressItems: number;
  fields: string[];
  roles: string[];
  rolesFromTable: boolean;
  format: 'markdown' | 'text';
  title: string;
}

const EXPECTED: Record<string, Expected> = {
  '000': {
    items: 19, // 11 task items + 8 "- ✅" success criteria (checked in the source)
    checked: 8,
    codeBlocks: 10, // env vars 1, deployment steps 5, rollback 4
    sections: 7, // the single H1 is the title
    progressItems: 19,
    fields: [],
    roles: DEFAULT_ROLES,
    rolesFromTable: false,
    format: 'markdown',
    title: 'Distributed Sessions Migration Checklist',
  },
  '001': {
    items: 82, // 72 task items + 10 "**Status**: [ ] ..." step items
    checked: 0,
    codeBlocks: 39,
    sections: 44,
    // The closing "**Status**:" list sits under "Support Contacts" (a reference section) because
    // a thematic break does not end a Markdown section: 4 items shown, not counted.
    progressItems: 78,
    fields: ['deployed-by', 'date', 'version', 'deployment-date', 'next-review'],
    roles: DEFAULT_ROLES,
    rolesFromTable: false,
    format: 'markdown',
    title: 'Deployment Checklist - Sticky Session Multi-Node',
  },
  '002': {
    items: 96,
    checked: 0,
    codeBlocks: 14,
    sections: 28,
    progressItems: 96,
    // The benchmark blanks sit inside plain code blocks; "p50" etc. repeat in Before/After, so
    // their keys carry the section; the "(improvement: ___%)" blanks are named after their row.
    fields: [
      'before-deployment-p50',
      'before-deployment-p95',
      'before-deployment-p99',
      'before-deployment-average',
      'after-deployment-p50',
      'p50-improvement',
      'after-deployment-p95',
      'p95-improvement',
      'after-deployment-p99',
      'p99-improvement',
      'after-deployment-average',
      'average-improvement',
      'hit-rate',
      'average-latency',
      'sign-off',
    ],
    roles: DEFAULT_ROLES,
    rolesFromTable: true,
    format: 'markdown',
    title: 'Performance Optimization Deployment Checklist',
  },
  '003': {
    // 14 task items + 18 "- ✅" bullets: 9 prerequisites, 8 acceptance criteria and the
    // "✅ Deployment successful" line of the final-status legend (a checked bullet, by rule 2).
    // Not items: ✅ in headings, the two ✅ inside the Dependencies line, ✅ inside code blocks.
    items: 32,
    checked: 18,
    codeBlocks: 19,
    sections: 23,
    progressItems: 32,
    fields: [],
    roles: DEFAULT_ROLES,
    rolesFromTable: false,
    format: 'markdown',
    title: 'Ticket: Redis Session Caching Deployment',
  },
  '004': {
    // 28 [x] + 32 [ ], plus the 11 prerequisites of its rollout steps (plain bullets).
    items: 71,
    checked: 28,
    codeBlocks: 0,
    // 5 banner-framed parts, 7 `===`- and 6 `---`-underlined headings, 30 `Label:` / group lines.
    sections: 48,
    progressItems: 71,
    fields: [],
    roles: DEFAULT_ROLES,
    rolesFromTable: false,
    format: 'text',
    title: 'SPRINT 60 PHASE 2.2 - DEPLOYMENT CHECKLIST',
  },
};

const parsed = new Map<string, Checklist>();
function load(prefix: string): Checklist {
  let c = parsed.get(prefix);
  if (!c) {
    const s = seed(prefix);
    c = parseOk(s.bytes, { filename: s.name });
    parsed.set(prefix, c);
  }
  return c;
}

describeCorpus('seed checklists', () => {
  it('finds the five seeds', () => {
    expect(seedFiles().map((f) => f.slice(0, 3))).toEqual(['000', '001', '002', '003', '004']);
  });

  for (const [prefix, e] of Object.entries(EXPECTED)) {
    describe(`seed ${prefix}`, () => {
      it('has the expected counts, fields and sign-off roles', () => {
        const c = load(prefix);
        expect(c.format).toBe(e.format);
        expect(c.title).toBe(e.title);
        expect(c.counts).toEqual({
          items: e.items,
          checked: e.checked,
          sections: e.sections,
          codeBlocks: e.codeBlocks,
          fields: e.fields.length,
          progressItems: e.progressItems,
          progressChecked: c.items.filter((i) => !i.reference && i.checked).length,
          // What the suggestion rules find is measured in lib/checks/rules/seeds-coverage.test.ts.
          verifiable: c.items.filter((i) => i.check || i.suggestedChecks.length > 0).length,
        });
        expect(c.fields.map((f) => f.key)).toEqual(e.fields);
        expect(c.signoff).toEqual({ roles: e.roles, fromTable: e.rolesFromTable });
      });

      it('makes every checkbox exactly one item', () => {
        const c = load(prefix);
        const text = new TextDecoder().decode(seed(prefix).bytes);
        if (e.format === 'markdown') {
          expect(countBoxes(text)).toEqual({ boxes: c.counts.items, checked: c.counts.checked });
        } else {
          // A rollout's prerequisites written as plain bullets are items too.
          const boxes = c.items.filter((i) => i.kind !== 'bullet').length;
          expect(text.match(/^\s*\[[ xX]\]/gm)?.length).toBe(boxes);
        }
        expect(new Set(c.items.map((i) => i.id)).size).toBe(c.items.length);
      });

      it('keeps every item text whole: none blank, each one in the source', () => {
        expectTextsFromSource(load(prefix), seed(prefix).bytes);
      });

      it('produces valid CLI JSON and is deterministic', () => {
        const c = load(prefix);
        const json = toParseJson(c);
        expect(parseJsonSchema.parse(json)).toEqual(json);
        const again = parseOk(seed(prefix).bytes, { filename: seed(prefix).name });
        expect(again.items.map((i) => i.id)).toEqual(c.items.map((i) => i.id));
      });
    });
  }

  it('000: success criteria are checked glyph items, numbered steps are not items', () => {
    const c = load('000');
    const success = c.items.filter((i) => sectionTitle(c, i.sectionId) === 'Success Criteria');
    expect(success).toHaveLength(8);
    expect(success.every((i) => i.checked && i.kind === 'glyph')).toBe(true);
    expect(success[0]!.text).toBe('Multiple API instances running simultaneously');
    const steps = c.sections.find((s) => s.title === 'Deployment Steps')!;
    expect(steps.code).toHaveLength(5);
    expect(c.sections.find((s) => s.title === 'Rollback Plan')!.reference).toBe(true);
    expect(itemByText(c, 'Backup existing Redis data: `redis-cli BGSAVE`').code).toEqual([
      { value: 'redis-cli BGSAVE', inline: true },
    ]);
  });

  it('001: mojibake repaired, step items named after their step, code under its item', () => {
    const c = load('001');
    expect(c.warnings.join(' ')).toMatch(/mac-roman/);
    expect(c.sections.slice(0, 2).map((s) => [s.title, s.decoration])).toEqual([
      ['Pre-Deployment', '✅'],
      ['Environment', undefined],
    ]);
    expect(c.sections.filter((s) => s.level === 2).map((s) => s.decoration)).toEqual([
      '✅',
      '🚀',
      '✅',
      '🧪',
      '📊',
      '🔐',
      '📈',
      '🐛',
      '📝',
      '✅',
      '📞',
    ]);
    expect(texts(c.items.filter((i) => i.kind === 'status'))).toEqual([
      'Step 1: Pre-flight Check — Completed',
      'Step 2: Build Images — Completed',
      'Step 3: Start Services — Completed',
      'Step 4: Wait for Services — Completed',
      'Step 5: Verify Deployment — Completed',
      'Test 1: Sticky Session Verification — Passed',
      'Test 2: WebSocket Connection — Passed',
      'Test 3: Redis Shared State — Passed',
      'Test 4: Node Failover — Passed',
      'Test 5: Load Distribution — Passed',
    ]);
    expect(itemByText(c, 'Redis is running and responding').code).toEqual([
      { lang: 'bash', value: 'docker exec sticky-redis redis-cli ping\n# Expected: PONG', inline: false },
    ]);
    const files = itemByText(c, 'All files present:');
    expect(files.children).toHaveLength(6);
    expect(c.sections.filter((s) => s.reference).map((s) => s.title)).toEqual([
      'Troubleshooting',
      'Common Issues',
      'Issue: Services not starting',
      'Issue: Out of memory',
      'Issue: Port conflicts',
      'Issue: Sticky sessions not working',
      'Rollback Plan',
      'If deployment fails',
      'Support Contacts',
      'Escalation',
      'Useful Commands',
    ]);
  });

  it('002: benchmark blanks with units and groups, sign-off table, verification commands on sections', () => {
    const c = load('002');
    expect(c.fields.find((f) => f.key === 'after-deployment-p50')).toMatchObject({
      label: 'p50',
      unit: 'ms',
      group: 'API Response Time',
    });
    expect(c.fields.find((f) => f.key === 'p50-improvement')).toMatchObject({
      label: 'p50 improvement',
      unit: '%',
    });
    expect(c.fields.find((f) => f.key === 'before-deployment-average')).toMatchObject({
      unit: 'queries per request',
      group: 'Database Queries',
    });
    expect(c.fields.find((f) => f.key === 'hit-rate')).toMatchObject({ unit: '%', group: 'Cache' });
    expect(c.fields.find((f) => f.key === 'sign-off')).toMatchObject({
      kind: 'signature-table',
      columns: ['Name', 'Date', 'Signature'],
      rows: DEFAULT_ROLES,
    });
    const phase = (n: number) => c.sections.find((s) => s.title.startsWith(`Phase ${n}:`))!;
    expect([1, 2, 3, 4, 5, 6].map((n) => phase(n).code.length)).toEqual([1, 1, 1, 1, 0, 1]);
    expect(itemByText(c, '.env file updated with Redis configuration:').children).toHaveLength(8);
    expect(
      itemByText(
        c,
        'Redis memory limit set: `docker-compose exec redis redis-cli CONFIG GET maxmemory` returns `512mb`',
      ).code,
    ).toEqual([
      { value: 'docker-compose exec redis redis-cli CONFIG GET maxmemory', inline: true },
      { value: '512mb', inline: true },
    ]);
    expect(c.sections.filter((s) => s.reference && s.level === 2).map((s) => s.title)).toEqual([
      'Rollback Procedure',
      'Troubleshooting Guide',
    ]);
  });

  it('003: ✅ bullets are checked items; ✅ in headings, prose and code is not', () => {
    const c = load('003');
    expect(c.sections.find((s) => s.title === 'Prerequisites - VERIFIED')?.decoration).toBe('✅');
    const prereq = c.items.filter((i) => i.kind === 'glyph' && i.line < 40);
    expect(prereq).toHaveLength(9);
    expect(prereq[0]!.text).toBe('**Liu Ming**: `platform.databases` table created');
    expect(itemByText(c, 'Deployment successful - performance targets met').checked).toBe(true);
    expect(c.items.some((i) => i.text.includes('Redis connection successful'))).toBe(false);
    expect(c.items.some((i) => i.text.includes('Sergei Ivanov (RLS'))).toBe(false);
    expect(c.content).toContain('**Assigned To:** Yasmin Al-Rashid');
    expect(c.items.filter((i) => !i.checked)).toHaveLength(14);
  });

  it('004: plain text with banners, label lines and indented details', () => {
    const c = load('004');
    expect(c.content).toBe('Tag: v0.1.7-phase2.2-final | Commit: a368d23');
    expect(c.sections.filter((s) => s.level === 1).map((s) => [s.title, s.reference])).toEqual([
      ['PHASE 2.2 ROLLOUT STEPS', false],
      ['MONITORING & ALERTING', false],
      ['ROLLBACK PROCEDURES', true],
      ['SUCCESS CRITERIA', false],
      ['CONTACT & ESCALATION', true],
    ]);
    const deploy = itemByText(c, 'Deploy commit a368d23');
    expect(sectionTitle(c, deploy.sectionId)).toBe('Validation');
    const validation = c.sections.find((s) => s.id === deploy.sectionId)!;
    expect(sectionTitle(c, validation.parentId)).toBe('STEP 1: Read-Routing Activation (Week 1)');
    expect(itemByText(c, 'Monitor metrics:').details).toMatch(/^- relay_job_read_path_total/);
    expect(c.sections.find((s) => s.title === 'Performance Targets')!.content).toContain('→ -0%');
    expect(c.warnings.join(' ')).toMatch(/windows-1252/);
    expect(
      c.items
        .filter((i) => i.checked)
        .every((i) => /^(?:Environment|Code|Test|Database|Phase)/.test(sectionTitle(c, i.sectionId) ?? '')),
    ).toBe(true);
  });
});
