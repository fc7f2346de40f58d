import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, fixtureNames } from '@/lib/checklist/fixtures/files';
import type { Checklist } from '@/lib/checklist/model';
import { parseChecklist } from '@/lib/checklist/parse';
import type { Database } from '@/lib/db/client';
import { createRun, getRun, reportJson, reportMarkdown, setField, setItemState, signRun } from '@/lib/runs';
import { parseUpload } from '@/lib/templates/parse-upload';
import { importTemplate, requireTemplate } from '@/lib/templates/store';
import { CORPUS_TAG, corpusAvailable, seed, seedFiles } from '../support/corpus';
import { backends } from '../support/db';
import { as, type People, people, releaseTemplate } from './runs-fixtures';

describe.each(backends)('run reports on %s', (_name, open) => {
  let store: Database;
  let p: People;

  beforeAll(async () => {
    store = await open();
    p = await people(store.db);
  });
  afterAll(() => store.close());

  /** Ticks, skips and fails a mix of items, so the report has every state in it. */
  async function workedRun(templateId: string) {
    // Not gated, so any item can be worked whatever its stage.
    const { run } = await createRun(store.db, as(p.eng), {
      templateId,
      title: 'v0.1.7 to production',
      gated: false,
    });
    const view = await getRun(store.db, run.id);
    // The first dozen items are enough for every state; the rest stay open.
    for (const [i, item] of view.items.slice(0, 12).entries()) {
      if (i % 4 === 0) await setItemState(store.db, as(p.eng), run.id, item.id, { state: 'done' });
      if (i % 4 === 1)
        await setItemState(store.db, as(p.eng), run.id, item.id, { state: 'skipped', note: 'n/a | here' });
      if (i % 4 === 2)
        await setItemState(store.db, as(p.eng), run.id, item.id, { state: 'failed', note: 'broke\nbadly' });
    }
    return getRun(store.db, run.id);
  }

  function expectRoundTrip(md: string, run: Awaited<ReturnType<typeof getRun>>, model?: Checklist) {
    const again = parseChecklist(md);
    expect(again.ok).toBe(true);
    // A staged rollout comes back with the same stages, gates, triggers (and their checks) and
    // recurring items.
    if (model) expect(stagesOf(again.checklist!), md).toEqual(stagesOf(model));
    const items = again.checklist!.items;
    expect(items.map((i) => i.text)).toEqual(run.items.map((i) => i.text));
    expect(items.map((i) => i.checked)).toEqual(
      run.items.map((i) => i.state === 'done' || i.state === 'skipped'),
    );
    // Ids too, but for an item in a subsection of a heading item (`### [ ] SSH key added` then
    // `#### Notes`): the report nests it under its parent item, in the parent's section, and the
    // section path is part of an id. Texts, states and checks still match.
    const sectionOf = new Map(run.items.map((i) => [i.id, i.sectionId]));
    const kept = (i: { parentId: string | null; sectionId: string | null }) =>
      i.parentId === null || sectionOf.get(i.parentId) === i.sectionId;
    expect(
      items.filter((_, k) => kept(run.items[k]!)).map((i) => i.id),
      md,
    ).toEqual(run.items.filter(kept).map((i) => i.id));
    expect(items.map((i) => i.check ?? null)).toEqual(run.items.map((i) => i.check ?? null));
  }

  it('writes the filled-in checklist and the parser reads back the same items', async () => {
    const t = await releaseTemplate(store.db);
    let run = await workedRun(t.id);
    await setField(store.db, as(p.eng), run.id, 'deployed-by', { value: 'Ada' });
    for (const item of run.items.filter((i) => !i.reference)) {
      await setItemState(store.db, as(p.eng), run.id, item.id, { state: 'done' });
    }
    await signRun(store.db, as(p.dev), run.id, { role: 'Developer', comment: 'looks good' });
    run = await getRun(store.db, run.id);
    const template = await requireTemplate(store.db, t.id, run.templateVersion);
    const md = reportMarkdown(run, template);
    expect(md).toMatch(/^# Release checklist\n/);
    expect(md).toContain('## Pre-deployment');
    expect(md).toMatch(/- \[x\] Back up the database\n {2}- done by Ada, \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    expect(md).toContain('**Deployed by**: Ada');
    expect(md).toContain('**Version**: _not filled_');
    expect(md).toContain('<!-- check: redis:cache config appendonly == yes -->');
    const dev = run.signoffs.find((s) => s.role === 'Developer')!;
    expect(md).toContain(
      `| Developer | Dev | ${dev.at!.slice(0, 16).replace('T', ' ')} UTC | \`${dev.signature!.slice(0, 12)}\` |`,
    );
    expect(md).toContain('| QA |  |  |  |');
    expectRoundTrip(md, run);
    expect(parseChecklist(md).checklist!.signoff.roles).toEqual(run.signoffs.map((s) => s.role));

    const data = reportJson(run);
    expect(data).toMatchObject({
      format: 'liftoff.run.v1',
      id: run.id,
      status: 'completed',
      fields: { 'deployed-by': 'Ada' },
    });
    expect(JSON.parse(JSON.stringify(data))).toEqual(data);
  });

  const stagesOf = (c: Checklist) =>
    (c.stages ?? []).map((s) => ({
      ...s,
      triggers: s.triggers.map(({ line: _, sectionId: __, suggestedChecks: ___, ...t }) => t),
    }));

  /** Imports a checklist, works a run of it, and reads its report back. */
  async function roundTrip(label: string, file: string, bytes: Uint8Array) {
    const { source, model } = parseUpload(bytes, path.basename(file));
    const { template } = await importTemplate(store.db, { name: label, source, model, actorId: null });
    const run = await workedRun(template.id);
    const md = reportMarkdown(run, template);
    if (run.items.length > 1) expect(md).toMatch(/\(skipped: n\/a \| here\)/);
    expectRoundTrip(md, run, model);
  }

  it('round-trips every checklist fixture: same items, texts, checked states and bound checks', async () => {
    for (const name of fixtureNames()) await roundTrip(`fixture ${name}`, name, fixture(name));
  });

  it.skipIf(!corpusAvailable)(
    `${CORPUS_TAG} round-trips skipped and failed items of every seed checklist`,
    async () => {
      for (const file of seedFiles()) await roundTrip(`seed ${file}`, file, seed(file.slice(0, 3)).bytes);
    },
  );
});
