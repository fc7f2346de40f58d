import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseWith } from '@/lib/core/validate';
import type { Database } from '@/lib/db/client';
import { rowsOf } from '@/lib/db/client';
import {
  createRun,
  eventsSince,
  getRun,
  getRunSummary,
  itemPatchInput,
  listAudit,
  listRuns,
  type RunView,
  recordCheckOutcome,
  setField,
  setItemNote,
  setItemState,
  setRunStatus,
} from '@/lib/runs';
import { importTemplate } from '@/lib/templates/store';
import { backends } from '../support/db';
import {
  as,
  failure,
  type People,
  PROGRESS_ITEMS,
  parsed,
  people,
  RELEASE_MD,
  releaseTemplate,
} from './runs-fixtures';

const itemByText = (run: RunView, text: string) => {
  const item = run.items.find((i) => i.text.startsWith(text));
  if (!item) throw new Error(`no item ${text}`);
  return item;
};

const auditCount = async (store: Database, runId: string) =>
  (await listAudit(store.db, runId, { limit: 1000 })).length;

describe.each(backends)('runs on %s', (_name, open) => {
  let store: Database;
  let p: People;
  let templateId: string;

  beforeAll(async () => {
    store = await open();
    p = await people(store.db);
    templateId = (await releaseTemplate(store.db)).id;
  });
  afterAll(() => store.close());

  const newRun = async (title = 'v0.1.7 to production') =>
    (
      await createRun(store.db, as(p.eng), {
        templateId,
        title,
        environment: 'production',
        releaseVersion: 'v0.1.7',
      })
    ).run;

  it('creates a run from a template version, every item open and every field empty but its version', async () => {
    const { run: summary, event } = await createRun(store.db, as(p.eng), {
      templateId,
      title: '  v0.1.7   to production ',
      releaseVersion: 'v0.1.7',
    });
    expect(summary).toMatchObject({
      title: 'v0.1.7 to production',
      environment: 'local',
      status: 'not_started',
      templateVersion: 1,
      progress: { done: 0, total: PROGRESS_ITEMS },
    });
    expect(event).toMatchObject({
      action: 'run.create',
      runId: summary.id,
      actor: { name: 'Ada', kind: 'user' },
    });
    const run = await getRun(store.db, summary.id);
    expect(run.items.every((i) => i.state === 'open' && i.version === 1)).toBe(true);
    expect(run.items.map((i) => i.text)).toEqual(parsed(RELEASE_MD).items.map((i) => i.text));
    // The checklist's "Version" blank starts as the run's release version.
    expect(run.fields).toEqual({ 'deployed-by': '', version: 'v0.1.7' });
    expect(run.signoffs.map((s) => [s.role, s.userRole])).toEqual([
      ['Developer', 'developer'],
      ['DevOps', 'devops'],
      ['QA', 'qa'],
      ['Product Owner', 'po'],
      ['Security Lead', 'engineer'],
    ]);
    expect(run.signoffs.every((s) => s.name === undefined)).toBe(true);
    expect(itemByText(run, 'Redis persistence').check).toBe('redis:cache config appendonly == yes');
    expect(itemByText(run, 'Revert').reference).toBe(true);
    const pushTag = itemByText(run, 'Push the tag');
    expect(pushTag.parentId).toBe(itemByText(run, 'Tag the release').id);
  });

  it('keeps its template version when the template changes', async () => {
    const md = RELEASE_MD.replace('- [ ] Verify health', '- [ ] Verify health\n- [ ] Warm the cache');
    const t = await releaseTemplate(store.db, 'Changing', RELEASE_MD);
    const { run: old } = await createRun(store.db, as(p.eng), { templateId: t.id, title: 'old' });
    const { template: v2 } = await importTemplate(store.db, {
      name: 'Changing',
      source: md,
      model: parsed(md),
      actorId: null,
    });
    expect(v2.version).toBe(2);
    const oldRun = await getRun(store.db, old.id);
    expect(oldRun.templateVersion).toBe(1);
    expect(oldRun.items.some((i) => i.text === 'Warm the cache')).toBe(false);
    const { run: fresh } = await createRun(store.db, as(p.eng), { templateId: t.id, title: 'new' });
    expect(fresh.templateVersion).toBe(2);
    expect((await getRun(store.db, fresh.id)).items.some((i) => i.text === 'Warm the cache')).toBe(true);
    const { run: pinned } = await createRun(store.db, as(p.eng), {
      templateId: t.id,
      templateVersion: 1,
      title: 'pin',
    });
    expect(pinned.templateVersion).toBe(1);
  });

  it('needs a reason to skip and a note to fail (422), and keeps notes separate from state', async () => {
    const run = await getRun(store.db, (await newRun()).id);
    const item = run.items[0]!;
    expect(
      await failure(setItemState(store.db, as(p.eng), run.id, item.id, { state: 'skipped' })),
    ).toMatchObject({
      code: 'unprocessable',
    });
    expect(
      await failure(setItemState(store.db, as(p.eng), run.id, item.id, { state: 'failed', note: '   ' })),
    ).toMatchObject({ code: 'unprocessable' });
    expect(
      await failure(setItemState(store.db, as(p.eng), run.id, item.id, { state: 'finished' as never })),
    ).toMatchObject({ code: 'validation_failed' });
    const skipped = await setItemState(store.db, as(p.eng), run.id, item.id, {
      state: 'skipped',
      note: 'no database in this release',
    });
    expect(skipped.item).toMatchObject({ state: 'skipped', version: 2, note: 'no database in this release' });
    expect(skipped.item.by).toMatchObject({ name: 'Ada', kind: 'user' });
    const noted = await setItemNote(store.db, as(p.eng), run.id, item.id, { note: 'confirmed with the DBA' });
    expect(noted.item).toMatchObject({
      state: 'skipped',
      version: 3,
      note: 'confirmed with the DBA',
      noteBy: 'Ada',
    });
    expect(noted.event).toMatchObject({ action: 'item.note', subject: item.id });
    const failed = await setItemState(store.db, as(p.eng), run.id, run.items[1]!.id, {
      state: 'failed',
      note: 'tag push rejected',
    });
    expect(failed.item.state).toBe('failed');
    // The same state again changes nothing and records nothing.
    const again = await setItemState(store.db, as(p.eng), run.id, run.items[1]!.id, { state: 'failed' });
    expect(again.event).toBeNull();
    expect(again.item.version).toBe(failed.item.version);
  });

  it('lets viewers read only; engineers, admins and API keys write', async () => {
    const run = await getRun(store.db, (await newRun()).id);
    const item = run.items[0]!;
    for (const attempt of [
      () => setItemState(store.db, as(p.viewer), run.id, item.id, { state: 'done' }),
      () => setItemNote(store.db, as(p.viewer), run.id, item.id, { note: 'hi' }),
      () => setField(store.db, as(p.viewer), run.id, 'deployed-by', { value: 'Vic' }),
      () => setRunStatus(store.db, as(p.viewer), run.id, { status: 'aborted', reason: 'no' }),
      () => createRun(store.db, as(p.viewer), { templateId, title: 'nope' }),
      () => setItemState(store.db, as(p.qa), run.id, item.id, { state: 'done' }),
    ]) {
      expect(await failure(attempt())).toMatchObject({ code: 'forbidden' });
    }
    expect((await getRun(store.db, run.id)).items[0]!.state).toBe('open');
    await setItemState(store.db, as(p.eng), run.id, item.id, { state: 'done' });
    await setItemState(store.db, as(p.admin), run.id, run.items[1]!.id, { state: 'done' });
    const byKey = await setItemState(store.db, as(p.ci), run.id, run.items[2]!.id, { state: 'done' });
    expect(byKey.item.by).toMatchObject({ kind: 'apikey', name: 'Ada' });
    expect(byKey.event?.actor).toMatchObject({ kind: 'apikey', apiKeyId: 'key-ci-1', userId: p.eng.userId });
  });

  it('derives not_started → in_progress → completed and ends aborted or rolled back with a reason', async () => {
    const summary = await newRun('status walk');
    let run = await getRun(store.db, summary.id);
    expect(run.status).toBe('not_started');
    expect((await listRuns(store.db, { status: 'not_started' })).map((r) => r.id)).toContain(run.id);
    await setItemState(store.db, as(p.eng), run.id, run.items[0]!.id, { state: 'done' });
    run = await getRun(store.db, run.id);
    expect(run.status).toBe('in_progress');
    expect(run.startedAt).toBeDefined();
    expect((await listRuns(store.db, { status: 'in_progress' })).map((r) => r.id)).toContain(run.id);
    expect((await listRuns(store.db, { status: 'not_started' })).map((r) => r.id)).not.toContain(run.id);
    for (const item of run.items.filter((i) => !i.reference).slice(1)) {
      await setItemState(store.db, as(p.eng), run.id, item.id, { state: 'skipped', note: 'not needed' });
    }
    run = await getRun(store.db, run.id);
    expect(run.status).toBe('completed');
    expect(run.progress).toEqual({ done: PROGRESS_ITEMS, total: PROGRESS_ITEMS });
    expect(run.sections.find((s) => s.title === 'Deployment')?.progress).toEqual({ done: 2, total: 2 });
    expect(run.sections.find((s) => s.title === 'Rollback Plan')?.progress).toEqual({ done: 0, total: 0 });
    expect((await getRunSummary(store.db, run.id)).status).toBe('completed');
    expect((await listRuns(store.db, { status: 'completed' })).map((r) => r.id)).toContain(run.id);

    expect(
      await failure(setRunStatus(store.db, as(p.eng), run.id, { status: 'rolled_back', reason: ' ' })),
    ).toMatchObject({ code: 'unprocessable' });
    expect(
      await failure(setRunStatus(store.db, as(p.eng), run.id, { status: 'verified' as never, reason: 'x' })),
    ).toMatchObject({ code: 'validation_failed' });
    const ended = await setRunStatus(store.db, as(p.eng), run.id, {
      status: 'rolled_back',
      reason: 'error rate above 5%',
    });
    expect(ended.event).toMatchObject({ action: 'run.status', before: { status: 'completed' } });
    run = await getRun(store.db, run.id);
    expect(run).toMatchObject({ status: 'rolled_back', statusReason: 'error rate above 5%' });
    expect((await listRuns(store.db, { status: 'rolled_back' })).map((r) => r.id)).toEqual([run.id]);

    const later = [
      () => setItemState(store.db, as(p.eng), run.id, run.items[0]!.id, { state: 'open' }),
      () => setItemNote(store.db, as(p.eng), run.id, run.items[0]!.id, { note: 'late' }),
      () => setField(store.db, as(p.eng), run.id, 'deployed-by', { value: 'Ada' }),
      () => setRunStatus(store.db, as(p.eng), run.id, { status: 'aborted', reason: 'again' }),
    ];
    for (const attempt of later) {
      const f = await failure(attempt());
      expect(f.code).toBe('conflict');
      expect(f.message).toMatch(/rolled back \(error rate above 5%\); it can no longer change/);
    }
    const aborted = await newRun('to abort');
    await setRunStatus(store.db, as(p.admin), aborted.id, { status: 'aborted', reason: 'freeze' });
    expect((await getRun(store.db, aborted.id)).status).toBe('aborted');
  });

  it('refuses a stale expectedVersion with who changed it and the current item', async () => {
    const run = await getRun(store.db, (await newRun()).id);
    const item = run.items[0]!;
    await setItemState(store.db, as(p.admin), run.id, item.id, { state: 'done', expectedVersion: 1 });
    const f = await failure(
      setItemState(store.db, as(p.eng), run.id, item.id, { state: 'skipped', note: 'x', expectedVersion: 1 }),
    );
    expect(f.code).toBe('conflict');
    expect(f.message).toMatch(/changed by Root at \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    expect(f.details?.current).toMatchObject({
      id: item.id,
      state: 'done',
      version: 2,
      by: { name: 'Root' },
    });
    const ok = await setItemState(store.db, as(p.eng), run.id, item.id, {
      state: 'open',
      expectedVersion: 2,
    });
    expect(ok.item.version).toBe(3);

    // Run-level writes use the run's version the same way.
    const first = await setField(store.db, as(p.admin), run.id, 'deployed-by', {
      value: 'Root',
      expectedVersion: 1,
    });
    expect(first.version).toBe(2);
    const stale = await failure(
      setField(store.db, as(p.eng), run.id, 'version', { value: 'v0.1.8', expectedVersion: 1 }),
    );
    expect(stale.code).toBe('conflict');
    expect(stale.message).toMatch(/changed by Root at/);
    expect((await getRun(store.db, run.id)).fields).toEqual({ 'deployed-by': 'Root', version: 'v0.1.7' });
    expect(await failure(setField(store.db, as(p.eng), run.id, 'nope', { value: 'x' }))).toMatchObject({
      code: 'not_found',
    });
  });

  it('replays a retried write with the same idempotency key and refuses a reused key', async () => {
    const run = await getRun(store.db, (await newRun()).id);
    const item = run.items[0]!;
    const before = await auditCount(store, run.id);
    const body = { state: 'done' as const, note: 'first' };
    const first = await setItemState(store.db, as(p.eng, 'key-1'), run.id, item.id, body);
    const second = await setItemState(store.db, as(p.eng, 'key-1'), run.id, item.id, body);
    expect(first.replayed).toBe(false);
    expect(second.replayed).toBe(true);
    expect(second.item).toEqual(first.item);
    expect(second.event?.id).toBe(first.event?.id);
    expect((await getRun(store.db, run.id)).items[0]!.version).toBe(2);
    expect(await auditCount(store, run.id)).toBe(before + 1);

    const reused = await failure(
      setItemState(store.db, as(p.eng, 'key-1'), run.id, item.id, { state: 'open', note: 'other' }),
    );
    expect(reused).toMatchObject({
      code: 'unprocessable',
      message: 'idempotency key reused with a different request',
    });
    // Keys belong to whoever sent them: the same key from someone else is a new request.
    const other = await setItemState(store.db, as(p.admin, 'key-1'), run.id, item.id, { state: 'open' });
    expect(other.replayed).toBe(false);
    expect(await auditCount(store, run.id)).toBe(before + 2);

    // Concurrent retries: one change, one event.
    const racing = await Promise.all(
      Array.from({ length: 5 }, () =>
        setField(store.db, as(p.eng, 'key-race'), run.id, 'deployed-by', { value: 'Ada' }),
      ),
    );
    expect(racing.filter((r) => !r.replayed)).toHaveLength(1);
    expect(new Set(racing.map((r) => r.event?.id)).size).toBe(1);
    expect(await auditCount(store, run.id)).toBe(before + 3);

    const created = await Promise.all([
      createRun(store.db, as(p.eng, 'create-1'), { templateId, title: 'once' }),
      createRun(store.db, as(p.eng, 'create-1'), { templateId, title: 'once' }),
    ]);
    expect(created[0].run.id).toBe(created[1].run.id);
    expect((await listRuns(store.db)).filter((r) => r.title === 'once')).toHaveLength(1);
  });

  it('a keyed tick (what the run page sends) replays, applies once under racing retries, and never lands twice under one key', async () => {
    const run = await getRun(store.db, (await newRun()).id);
    const [a, b, c, d] = run.items;
    const before = await auditCount(store, run.id);

    // A retry after success replays the first answer, though the item has moved on since.
    const tick = { state: 'done' as const, expectedVersion: a!.version };
    const first = await setItemState(store.db, as(p.eng, 'tick-1'), run.id, a!.id, tick);
    const retry = await setItemState(store.db, as(p.eng, 'tick-1'), run.id, a!.id, tick);
    expect(first.replayed).toBe(false);
    expect(retry).toEqual({ ...first, replayed: true });

    // Racing retries of one tick: one change, one event, the same answer for all.
    const racing = await Promise.all(
      Array.from({ length: 6 }, () =>
        setItemState(store.db, as(p.eng, 'tick-race'), run.id, b!.id, { state: 'done' }),
      ),
    );
    expect(racing.filter((r) => !r.replayed)).toHaveLength(1);
    expect(new Set(racing.map((r) => r.event?.id)).size).toBe(1);
    for (const r of racing) expect(r.item).toEqual(racing[0]!.item);

    // One key sent for two different items at once: exactly one of them changes.
    const split = await Promise.allSettled([
      setItemState(store.db, as(p.eng, 'tick-split'), run.id, c!.id, { state: 'done' }),
      setItemState(store.db, as(p.eng, 'tick-split'), run.id, d!.id, { state: 'done' }),
    ]);
    expect(split.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = split.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: 'unprocessable' });
    const states = (await getRun(store.db, run.id)).items.map((i) => i.state);
    expect([states[2], states[3]].sort()).toEqual(['done', 'open']);

    // A keyed change of nothing is remembered too: its retry does not act on what changed since.
    const noop = await setItemState(store.db, as(p.eng, 'tick-noop'), run.id, a!.id, { state: 'done' });
    expect(noop.event).toBeNull();
    await setItemState(store.db, as(p.eng), run.id, a!.id, { state: 'open' });
    const noopAgain = await setItemState(store.db, as(p.eng, 'tick-noop'), run.id, a!.id, { state: 'done' });
    expect(noopAgain.replayed).toBe(true);
    expect((await getRun(store.db, run.id)).items[0]!.state).toBe('open');

    // a done, b done, c or d done, a open.
    expect(await auditCount(store, run.id)).toBe(before + 4);
  });

  it('writes exactly one audit event per change, returned to the caller', async () => {
    const { run: summary, event: created } = await createRun(store.db, as(p.eng), {
      templateId,
      title: 'audit',
    });
    const run = await getRun(store.db, summary.id);
    const results = [
      await setItemState(store.db, as(p.eng), run.id, run.items[0]!.id, { state: 'done' }),
      await setItemState(store.db, as(p.eng), run.id, run.items[0]!.id, { state: 'done' }), // no change
      await setItemNote(store.db, as(p.eng), run.id, run.items[0]!.id, { note: 'n' }),
      await setItemNote(store.db, as(p.eng), run.id, run.items[0]!.id, { note: 'n' }), // no change
      await recordCheckOutcome(store.db, as(p.eng), run.id, run.items[1]!.id, {
        state: 'done',
        evidence: { ok: true, value: 'yes' },
      }),
      await setField(store.db, as(p.eng), run.id, 'version', { value: 'v1' }),
      await setField(store.db, as(p.eng), run.id, 'version', { value: ' v1 ' }), // no change
      await setRunStatus(store.db, as(p.eng), run.id, { status: 'aborted', reason: 'test over' }),
    ];
    const events = await listAudit(store.db, run.id);
    const returned = [created, ...results.map((r) => r.event).filter((e) => e !== null)];
    expect(events).toEqual(returned);
    expect(events.map((e) => e.action)).toEqual([
      'run.create',
      'item.state',
      'item.note',
      'check.verify',
      'field.set',
      'run.status',
    ]);
    expect(events[1]).toMatchObject({
      subject: run.items[0]!.id,
      before: { state: 'open' },
      after: { state: 'done' },
    });
    const verified = (await getRun(store.db, run.id)).items[1]!;
    expect(verified).toMatchObject({ via: 'check', evidence: { ok: true, value: 'yes' } });

    const page = await listAudit(store.db, run.id, { afterId: events[2]!.id, limit: 2 });
    expect(page.map((e) => e.action)).toEqual(['check.verify', 'field.set']);
    const since = await eventsSince(store.db, [run.id], events.at(-1)!.id, { lookbackMs: 60_000 });
    expect(since.map((e) => e.id)).toEqual(events.map((e) => e.id));
    expect(await eventsSince(store.db, [run.id], events.at(-2)!.id, { lookbackMs: 0 })).toEqual([
      events.at(-1),
    ]);
    expect(await eventsSince(store.db, [], 0, { lookbackMs: 1000 })).toEqual([]);
  });

  it('refuses evidence or "via" from a client: only a check records check.verify', async () => {
    const { run: summary } = await createRun(store.db, as(p.eng), { templateId, title: 'forged' });
    const run = await getRun(store.db, summary.id);
    const forged = { state: 'done', via: 'check', evidence: { ok: true, value: 'PONG' } };
    // The PATCH route parses its body with exactly this schema.
    expect(() => parseWith(itemPatchInput, forged)).toThrow(/unrecognized key/i);
    await expect(
      setItemState(store.db, as(p.eng), run.id, run.items[0]!.id, forged as never),
    ).rejects.toMatchObject({ code: 'validation_failed' });
    expect(parseWith(itemPatchInput, { state: 'done', note: 'ok' })).toEqual({
      kind: 'state',
      state: 'done',
      note: 'ok',
    });
    expect(parseWith(itemPatchInput, { note: 'just a note' })).toEqual({ kind: 'note', note: 'just a note' });
    expect(() => parseWith(itemPatchInput, { state: 'finished' })).toThrow(/^state: must be one of/);
    const events = await listAudit(store.db, run.id);
    expect(events.map((e) => e.action)).toEqual(['run.create']);
  });

  it('keeps the audit trail append-only in the database', async () => {
    const { run } = await createRun(store.db, as(p.eng), { templateId, title: 'append only' });
    const refused = (statement: ReturnType<typeof sql>) =>
      store.db.execute(statement).then(
        () => 'allowed',
        (e: { message: string; cause?: { message?: string } }) => e.cause?.message ?? e.message,
      );
    expect(await refused(sql`UPDATE audit_events SET note = 'x' WHERE run_id = ${run.id}`)).toMatch(
      /append-only: UPDATE/,
    );
    expect(await refused(sql`DELETE FROM audit_events WHERE run_id = ${run.id}`)).toMatch(
      /append-only: DELETE/,
    );
    expect(await refused(sql`TRUNCATE audit_events`)).toMatch(/append-only: TRUNCATE/);
    const rows = rowsOf<{ n: number }>(
      await store.db.execute(
        sql`SELECT count(*)::int AS n FROM audit_events WHERE run_id = ${run.id} AND note IS NULL`,
      ),
    );
    expect(rows[0]?.n).toBe(1);
  });

  it('lists runs newest first with progress, filtered by environment', async () => {
    const a = await newRun('list a');
    const { run: b } = await createRun(store.db, as(p.eng), {
      templateId,
      title: 'list b',
      environment: 'staging',
    });
    const all = await listRuns(store.db);
    expect(all.findIndex((r) => r.id === b.id)).toBeLessThan(all.findIndex((r) => r.id === a.id));
    const staging = await listRuns(store.db, { environment: 'staging' });
    expect(staging.map((r) => r.id)).toEqual([b.id]);
    expect(staging[0]).toMatchObject({
      progress: { done: 0, total: PROGRESS_ITEMS },
      signoffs: { signed: 0, total: 5 },
    });
    expect(await failure(getRun(store.db, 'missing'))).toMatchObject({ code: 'not_found' });
  });
});
