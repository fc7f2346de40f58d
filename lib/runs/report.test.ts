import { describe, expect, it } from 'vitest';
import { parseChecklist } from '@/lib/checklist/parse';
import type { runs } from '@/lib/db/schema';
import { composeRun } from './read';
import { reportMarkdown } from './report';
import type { RunView } from './types';

const MD = `# Deploy

## Steps

- [ ] Back up
- [ ] Tag the release
  - [ ] Push the tag
- [ ] Warm the cache

**Deployed by**: ______
`;

function runOf(): RunView {
  const model = parseChecklist(MD).checklist!;
  const row: typeof runs.$inferSelect = {
    id: 'r1',
    templateId: 't1',
    templateVersion: 1,
    title: 'v1 to prod',
    environment: 'production',
    releaseVersion: 'v1',
    fields: { 'deployed-by': 'Ada' },
    version: 2,
    terminalStatus: null,
    statusReason: null,
    endedAt: null,
    startedAt: new Date('2026-11-22T14:00:00Z'),
    itemTotal: 4,
    gated: false,
    createdBy: null,
    createdAt: new Date('2026-11-22T13:00:00Z'),
  };
  const at = new Date('2026-11-22T14:03:27Z');
  const by = {
    byUserId: 'u1',
    byName: 'Ada',
    byKind: 'user' as const,
    stateAt: at,
    via: null,
    stageId: null,
    stageRole: null,
    everyMs: null,
    evidence: null,
    reverifyEveryMs: null,
    reverifyByUserId: null,
    reverifyByName: null,
    reverifiedAt: null,
  };
  const none = { noteByName: null, noteAt: null };
  const [backUp, tag, push] = model.items;
  return composeRun(
    row,
    'Deploy',
    model,
    [
      {
        runId: 'r1',
        itemId: backUp!.id,
        reference: false,
        state: 'done',
        version: 2,
        note: 'took 3 min',
        ...by,
        noteByName: 'Ada',
        noteAt: at,
      },
      {
        runId: 'r1',
        itemId: tag!.id,
        reference: false,
        state: 'skipped',
        version: 2,
        note: 'tagged by CI',
        ...by,
        ...none,
      },
      {
        runId: 'r1',
        itemId: push!.id,
        reference: false,
        state: 'failed',
        version: 2,
        note: 'remote\nrejected',
        ...by,
        ...none,
      },
    ],
    [],
  );
}

describe('reportMarkdown', () => {
  const run = runOf();
  const md = reportMarkdown(run, { name: 'Deploy', model: parseChecklist(MD).checklist! });

  it('ticks done and skipped items and says who, when and why in sub-bullets', () => {
    expect(md).toContain('- [x] Back up\n  - done by Ada, 2026-11-22 14:03 UTC\n  - Note: took 3 min (Ada)');
    expect(md).toContain(
      '- [x] Tag the release\n  - _(skipped: tagged by CI)_ — skipped by Ada, 2026-11-22 14:03 UTC',
    );
    expect(md).toContain('  - [ ] Push the tag\n    - _(failed: remote rejected)_ — failed by Ada');
    expect(md).toContain('- [ ] Warm the cache\n');
    expect(md).toContain('**Deployed by**: Ada');
    expect(md).toContain('| Developer |  |  |  |');
  });

  it('reads back to the same items, ids and checked states', () => {
    const again = parseChecklist(md).checklist!;
    expect(again.items.map((i) => [i.id, i.text, i.checked])).toEqual(
      run.items.map((i) => [i.id, i.text, i.state === 'done' || i.state === 'skipped']),
    );
  });
});
