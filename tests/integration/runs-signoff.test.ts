import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/lib/db/client';
import { createRun, getRun, listAudit, listRuns, setField, setItemState, signRun } from '@/lib/runs';
import { backends } from '../support/db';
import { as, failure, type People, people, releaseTemplate } from './runs-fixtures';

describe.each(backends)('run sign-off on %s', (_name, open) => {
  let store: Database;
  let p: People;
  let templateId: string;

  beforeAll(async () => {
    store = await open();
    p = await people(store.db);
    templateId = (await releaseTemplate(store.db)).id;
  });
  afterAll(() => store.close());

  const completedRun = async () => {
    const { run } = await createRun(store.db, as(p.eng), { templateId, title: 'sign me' });
    const view = await getRun(store.db, run.id);
    for (const item of view.items.filter((i) => !i.reference)) {
      await setItemState(store.db, as(p.eng), run.id, item.id, { state: 'done' });
    }
    return getRun(store.db, run.id);
  };

  it('signs only a completed run, only in your own role, one row per person, never by API key', async () => {
    const { run } = await createRun(store.db, as(p.eng), { templateId, title: 'early' });
    const early = await failure(signRun(store.db, as(p.dev), run.id, { role: 'Developer' }));
    expect(early).toMatchObject({
      code: 'conflict',
      message: 'the run is not completed yet: 6 items still open',
    });

    const done = await completedRun();
    expect(done.status).toBe('completed');
    expect(await failure(signRun(store.db, as(p.qa), done.id, { role: 'Developer' }))).toMatchObject({
      code: 'forbidden',
    });
    const admin = await failure(signRun(store.db, as(p.admin), done.id, { role: 'developer' }));
    expect(admin).toMatchObject({ code: 'forbidden' });
    expect(admin.message).toMatch(/Only a user with the Developer role/);
    expect(await failure(signRun(store.db, as(p.ci), done.id, { role: 'Security Lead' }))).toMatchObject({
      code: 'forbidden',
      message: 'A person signs: API keys cannot sign off a run.',
    });
    expect(await failure(signRun(store.db, as(p.viewer), done.id, { role: 'QA' }))).toMatchObject({
      code: 'forbidden',
    });
    expect(await failure(signRun(store.db, as(p.dev), done.id, { role: 'Release Manager' }))).toMatchObject({
      code: 'not_found',
    });

    const qa = await signRun(store.db, as(p.qaPo), done.id, { role: 'qa', comment: 'smoke tests green' });
    expect(qa.signoff).toMatchObject({
      role: 'QA',
      userRole: 'qa',
      name: 'Both',
      userId: p.qaPo.userId,
      stale: false,
    });
    expect(qa.signoff.signature).toMatch(/^[0-9a-f]{64}$/);
    expect(qa.event).toMatchObject({ action: 'signoff.sign', subject: 'QA', note: 'smoke tests green' });
    expect(await failure(signRun(store.db, as(p.qaPo), done.id, { role: 'Product Owner' }))).toMatchObject({
      code: 'conflict',
    });
    // A current signature by someone else stands.
    expect(await failure(signRun(store.db, as(p.qa), done.id, { role: 'QA' }))).toMatchObject({
      code: 'conflict',
    });
    // "Security Lead" maps to no user role: any engineer signs it, not an admin alone.
    const sec = await signRun(store.db, as(p.eng), done.id, { role: 'Security Lead' });
    expect(sec.signoff.userRole).toBe('engineer');
  });

  it('verifies with every sign-off current, goes stale on any change, and re-signs', async () => {
    const run = await completedRun();
    const signers = [
      [p.dev, 'Developer'],
      [p.devops, 'DevOps'],
      [p.qa, 'QA'],
      [p.po, 'Product Owner'],
      [p.eng, 'Security Lead'],
    ] as const;
    const signatures: string[] = [];
    for (const [who, role] of signers) {
      const { signoff } = await signRun(store.db, as(who), run.id, { role, expectedSnapshot: run.snapshot });
      signatures.push(signoff.signature!);
    }
    // Each signature binds the same snapshot to a different person.
    expect(new Set(signatures).size).toBe(5);
    let view = await getRun(store.db, run.id);
    expect(view.status).toBe('verified');
    expect(view.signoffs.every((s) => s.signature && !s.stale)).toBe(true);
    expect((await listRuns(store.db, { status: 'verified' })).map((r) => r.id)).toContain(run.id);
    expect((await listRuns(store.db, { status: 'completed' })).map((r) => r.id)).not.toContain(run.id);

    // A field change after signing: every sign-off is stale, the run drops back to completed.
    await setField(store.db, as(p.eng), run.id, 'deployed-by', { value: 'Ada' });
    view = await getRun(store.db, run.id);
    expect(view.status).toBe('completed');
    expect(view.signoffs.every((s) => s.stale)).toBe(true);
    expect(view.snapshot).not.toBe(run.snapshot);
    expect((await listRuns(store.db, { status: 'completed' })).map((r) => r.id)).toContain(run.id);
    const summary = (await listRuns(store.db)).find((r) => r.id === run.id);
    expect(summary?.signoffs).toEqual({ signed: 0, total: 5 });

    // Signing against what one saw before the change is refused.
    expect(
      await failure(
        signRun(store.db, as(p.dev), run.id, { role: 'Developer', expectedSnapshot: run.snapshot }),
      ),
    ).toMatchObject({ code: 'conflict' });

    // Re-signing replaces each signer's row with a new signature, audited.
    for (const [i, [who, role]] of signers.entries()) {
      const { signoff } = await signRun(store.db, as(who), run.id, { role });
      expect(signoff.signature).not.toBe(signatures[i]);
    }
    view = await getRun(store.db, run.id);
    expect(view.status).toBe('verified');

    // An item change makes them stale too; a stale row can be taken over by another holder of the role.
    const item = view.items.find((i) => !i.reference)!;
    await setItemState(store.db, as(p.eng), run.id, item.id, { state: 'skipped', note: 'done elsewhere' });
    view = await getRun(store.db, run.id);
    expect(view.status).toBe('completed');
    const other = await signRun(store.db, as(p.qaPo), run.id, { role: 'QA' });
    expect(other.event.before).toMatchObject({ name: 'Quinn', stale: true });
    const signs = (await listAudit(store.db, run.id)).filter((e) => e.action === 'signoff.sign');
    expect(signs).toHaveLength(11);
  });

  it('refuses a signature once the run is reopened', async () => {
    const run = await completedRun();
    await setItemState(store.db, as(p.eng), run.id, run.items[0]!.id, { state: 'failed', note: 'broke' });
    expect(await failure(signRun(store.db, as(p.dev), run.id, { role: 'Developer' }))).toMatchObject({
      code: 'conflict',
      message: 'the run is not completed yet: 1 item still open',
    });
  });
});
