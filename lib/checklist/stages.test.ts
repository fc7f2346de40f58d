import { describe, expect, it } from 'vitest';
import {
  describeCorpus,
  expectTextsFromSource,
  fixture,
  itemByText,
  parseOk,
  seed,
} from './fixtures/testkit';
import { toParseJson } from './json';
import type { Checklist } from './model';
import { blockOf } from './stages';

const textOf = (c: Checklist, id: string) => c.items.find((i) => i.id === id)?.text;
const stageSummary = (c: Checklist) =>
  (c.stages ?? []).map((s) => ({
    id: s.id,
    title: s.title,
    gate: s.gate.map((id) => textOf(c, id)),
    triggers: s.triggers.map((t) => [t.text, t.check ?? null, t.for ?? null]),
    recurring: s.recurring.map((r) => [textOf(c, r.itemId), r.every]),
  }));

describe('block labels', () => {
  it('reads prerequisites, rollback triggers and periodic checks, in their usual spellings', () => {
    expect(blockOf('Prerequisites:')).toEqual({ kind: 'gate' });
    expect(blockOf('**Entry criteria:**')).toEqual({ kind: 'gate' });
    expect(blockOf('Rollback Trigger')).toEqual({ kind: 'trigger' });
    expect(blockOf('Rollback triggers:')).toEqual({ kind: 'trigger' });
    expect(blockOf('Abort if')).toEqual({ kind: 'trigger' });
    expect(blockOf('Daily Checks:')).toEqual({ kind: 'recurring', every: '1d' });
    expect(blockOf('Weekly checks')).toEqual({ kind: 'recurring', every: '1w' });
    expect(blockOf('Hourly Checks')).toEqual({ kind: 'recurring', every: '1h' });
    // Not labels: a plan, a procedure, ordinary headings.
    expect(blockOf('Rollback procedures')).toBeUndefined();
    expect(blockOf('Validation')).toBeUndefined();
    expect(blockOf('Check the prerequisites of the release')).toBeUndefined();
  });
});

describe('stages in Markdown', () => {
  it('a canary rollout: gates, steps, triggers (bound and for people), daily and weekly items', () => {
    const c = parseOk(fixture('stages-canary.md'));
    expect(stageSummary(c)).toEqual([
      {
        id: 'stage-1',
        title: 'Stage 1 — canary 5%',
        gate: ['Feature flag `payments_v2` created and off', 'Error budget above 50%'],
        triggers: [
          [
            'Error rate above 1% for five minutes',
            'prometheus:api rate(http_requests_total{code="500"}[5m]) / rate(http_requests_total[5m]) > 0.01 for 5m',
            '5m',
          ],
          ['p99 latency more than twice the baseline', null, null],
        ],
        recurring: [['Review the payments error log', '1d']],
      },
      {
        id: 'stage-2',
        title: 'Stage 2: half the traffic (Week 2)',
        gate: ['Canary stable for a week', 'Product owner agrees'],
        triggers: [['Refunds fail', 'prometheus:api refunds_failed_total > 0', null]],
        recurring: [['Compare conversion with last week', '1w']],
      },
      { id: 'stage-3', title: 'Stage 3 — everyone', gate: [], triggers: [], recurring: [] },
    ]);
    // The bullet prerequisite is an item now, with its soak check; trigger lines are not items.
    expect(itemByText(c, 'Canary stable for a week')).toMatchObject({
      kind: 'bullet',
      check: 'prometheus:api error_ratio < 0.01 for 7d',
      checked: false,
    });
    expect(c.items.some((i) => i.text === 'Refunds fail')).toBe(false);
    expect(c.items.some((i) => i.text.startsWith('Error rate above 1%'))).toBe(false);
    expect(c.counts.items).toBe(12);
    expectTextsFromSource(c, fixture('stages-canary.md'));
    expect(toParseJson(c).stages.map((s) => s.id)).toEqual(['stage-1', 'stage-2', 'stage-3']);
  });

  it('headings marked <!-- stage --> are stages whatever their names', () => {
    const c = parseOk(fixture('stages-marked.md'));
    expect(stageSummary(c).map((s) => [s.id, s.title, s.gate])).toEqual([
      ['prepare-the-replica', 'Prepare the replica', []],
      ['promote-the-replica', 'Promote the replica', ['Writes paused']],
      ['resume-writes', 'Resume writes', []],
    ]);
  });

  it('a lone "Step 1", or steps that are not siblings, make no rollout and change nothing', () => {
    const c = parseOk(fixture('stages-none.md'));
    expect(c.stages).toEqual([]);
    expect(c.items.map((i) => i.text)).toEqual(['Write the notes', 'Ask for review', 'Draft written']);
  });

  it('ids stay the same when the text around a stage changes', () => {
    const a = parseOk(fixture('stages-canary.md'));
    const b = parseOk(`${fixture('stages-canary.md').toString()}\n\nSome closing words.\n`);
    expect(b.stages).toEqual(a.stages);
  });
});

describeCorpus('staged rollout in a real plain-text checklist', () => {
  it('seed 004: six steps, prerequisites as gate items, daily checks recurring, every trigger line a trigger', () => {
    const c = parseOk(seed('004').bytes);
    const stages = c.stages ?? [];
    expect(stages.map((s) => s.id)).toEqual(['step-1', 'step-2', 'step-3', 'step-4', 'step-5', 'step-6']);
    expect(stages.map((s) => [s.gate.length, s.triggers.length, s.recurring.length])).toEqual([
      [2, 3, 0],
      [0, 0, 4],
      [3, 3, 0],
      [0, 0, 0],
      [3, 2, 0],
      [3, 0, 0],
    ]);
    expect(stages[2]!.gate.map((id) => textOf(c, id))).toEqual([
      'Read-routing stable for 1+ weeks',
      'Read path metrics confirm >80% new schema',
      'No 404 errors or corruption detected',
    ]);
    expect(stages[2]!.triggers[0]!.text).toBe('If dual-write failure rate >5%, disable AI_JOBS_NEW_SCHEMA');
    expect(stages[1]!.recurring.every((r) => r.every === '1d')).toBe(true);
    // The prerequisites are no longer repeated as the section's prose.
    const prereq = c.sections.find(
      (s) => s.id === c.items.find((i) => i.id === stages[2]!.gate[0])!.sectionId,
    )!;
    expect(prereq.content).not.toContain('Read-routing stable');
    expectTextsFromSource(c, seed('004').bytes);
  });
});
