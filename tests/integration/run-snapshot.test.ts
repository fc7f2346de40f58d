import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/lib/db/client';
import {
  createRun,
  getRun,
  runSnapshot,
  setField,
  setItemNote,
  setItemState,
  setRunStatus,
  startStage,
} from '@/lib/runs';
import { backends } from '../support/db';
import { as, failure, type People, people, releaseTemplate } from './runs-fixtures';

describe.each(backends)('the run snapshot GET serves on %s', (_name, open) => {
  let store: Database;
  let p: People;
  let templateId: string;

  beforeAll(async () => {
    store = await open();
    p = await people(store.db);
    templateId = (await releaseTemplate(store.db)).id;
  });
  afterAll(() => store.close());

  const newRun = async () => (await createRun(store.db, as(p.eng), { templateId, title: 'snapshot' })).run;

  it('is the run view, reused while nothing changes, recomposed after every kind of change', async () => {
    const run = await newRun();
    const first = await runSnapshot(store.db, run.id);
    expect(JSON.parse(first.body)).toEqual(JSON.parse(JSON.stringify(await getRun(store.db, run.id))));
    // Unchanged: the very same snapshot (composed once).
    expect(await runSnapshot(store.db, run.id)).toBe(first);

    const item = (await getRun(store.db, run.id)).items[0]!;
    await setItemState(store.db, as(p.eng), run.id, item.id, { state: 'done' });
    const ticked = await runSnapshot(store.db, run.id);
    expect(ticked.etag).not.toBe(first.etag);
    expect(JSON.parse(ticked.body).items[0]).toMatchObject({ id: item.id, state: 'done' });
    expect(JSON.parse(ticked.body)).toEqual(JSON.parse(JSON.stringify(await getRun(store.db, run.id))));

    // Several item changes at once, composed from the cached rows and the changed ones.
    const items = (await getRun(store.db, run.id)).items;
    await setItemState(store.db, as(p.eng), run.id, items[1]!.id, { state: 'skipped', note: 'n/a' });
    await setItemNote(store.db, as(p.eng), run.id, items[2]!.id, { note: 'watch the queue' });
    await setItemState(store.db, as(p.eng), run.id, item.id, { state: 'open' });
    const several = await runSnapshot(store.db, run.id);
    expect(JSON.parse(several.body)).toEqual(JSON.parse(JSON.stringify(await getRun(store.db, run.id))));

    await setField(store.db, as(p.eng), run.id, 'deployed-by', { value: 'Ada' });
    const filled = await runSnapshot(store.db, run.id);
    expect(filled.etag).not.toBe(ticked.etag);
    expect(JSON.parse(filled.body)).toEqual(JSON.parse(JSON.stringify(await getRun(store.db, run.id))));

    await setRunStatus(store.db, as(p.eng), run.id, { status: 'aborted', reason: 'drill' });
    const ended = await runSnapshot(store.db, run.id);
    expect(JSON.parse(ended.body).status).toBe('aborted');
  });

  it('serves a staged run composed afresh on every read: stage starts and ticks show at once', async () => {
    const template = await releaseTemplate(
      store.db,
      'Staged snapshot',
      `# Staged\n\n## Stage 1 — canary\n\n- [ ] Route 5%\n\n## Stage 2 — everyone\n\n- [ ] Route all\n`,
    );
    const { run } = await createRun(store.db, as(p.eng), {
      templateId: template.id,
      title: 'staged',
      gated: true,
    });
    const view = async () => JSON.parse((await runSnapshot(store.db, run.id)).body);
    const states = async () => (await view()).stages.map((st: { state: string }) => st.state);
    // The first stage has no prerequisites: it is under way; the second waits for it.
    expect(await states()).toEqual(['active', 'locked']);
    const item = (await getRun(store.db, run.id)).items[0]!;
    await setItemState(store.db, as(p.eng), run.id, item.id, { state: 'done' });
    expect((await view()).items[0]).toMatchObject({ id: item.id, state: 'done' });
    expect(await states()).toEqual(['finished', 'ready']);
    const stage2 = (await getRun(store.db, run.id)).stages[1]!;
    await startStage(store.db, as(p.eng), run.id, stage2.id, {});
    expect(await states()).toEqual(['finished', 'active']);
    const after = await view();
    expect(after).toEqual(JSON.parse(JSON.stringify(await getRun(store.db, run.id))));
  });

  it('refuses a run that does not exist', async () => {
    expect((await failure(runSnapshot(store.db, crypto.randomUUID()))).code).toBe('not_found');
    expect((await failure(runSnapshot(store.db, 'not-a-run'))).code).toBe('not_found');
  });
});
