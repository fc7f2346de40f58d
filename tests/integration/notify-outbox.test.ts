import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NotificationsConfig, parseNotificationsSection } from '@/lib/config/notifications';
import type { Database } from '@/lib/db/client';
import { notificationDeliveries, notificationEvents, runFollowers, userNotifications } from '@/lib/db/schema';
import { expandPending, inbox, setFollowing } from '@/lib/notify';
import { recordRunNotificationsOnWrite } from '@/lib/notify/run-events';
import { createRun, getRun, setField, setItemState, setRunStatus, signRun } from '@/lib/runs';
import { backends, freshPostgres } from '../support/db';
import { as, type People, people, releaseTemplate } from './runs-fixtures';

const CONFIG: NotificationsConfig = parseNotificationsSection(
  {
    channels: {
      hook: { type: 'webhook', url: 'http://127.0.0.1:9/hook', secret: 'a-long-enough-secret' },
      mail: {
        type: 'email',
        to: ['release@example.io'],
        smtp: 'smtp://127.0.0.1:9',
        from: 'liftoff@example.io',
      },
    },
    routes: [
      { events: ['run.ready_for_signoff', 'run.finished', 'item.failed'], channels: ['hook'] },
      { events: ['run.started'], environments: ['production'], channels: ['hook', 'mail'] },
    ],
  },
  ['local', 'production'],
);

/**
 * The outbox side of run writes: which changes write notification events, in the same
 * transaction as the change; what expansion makes of them (deliveries per route, followers,
 * addressees, in-app rows).
 */
describe.each(backends)('notification outbox on %s', (_name, open) => {
  let store: Database;
  let p: People;
  let templateId: string;

  beforeAll(async () => {
    // What start-up wires: every run write records its notifications in its transaction.
    recordRunNotificationsOnWrite();
    store = await open();
    p = await people(store.db);
    templateId = (await releaseTemplate(store.db)).id;
  });
  afterAll(() => store.close());

  const eventsOf = (runId: string) =>
    store.db
      .select()
      .from(notificationEvents)
      .where(eq(notificationEvents.runId, runId))
      .orderBy(asc(notificationEvents.seq));
  const types = async (runId: string) => (await eventsOf(runId)).map((e) => e.type);
  const expand = () => expandPending(store.db, { config: CONFIG, publicUrl: 'https://liftoff.example.io' });

  const tickAll = async (runId: string, who = p.eng) => {
    const view = await getRun(store.db, runId);
    for (const item of view.items.filter((i) => !i.reference)) {
      await setItemState(store.db, as(who), runId, item.id, { state: 'done' });
    }
  };

  it('a run start and its creator following it; plain ticks write nothing; the last tick makes it ready', async () => {
    const { run } = await createRun(store.db, as(p.eng), {
      templateId,
      title: 'Outbox run',
      environment: 'production',
    });
    expect(await types(run.id)).toEqual(['run.started']);
    const followers = await store.db.select().from(runFollowers).where(eq(runFollowers.runId, run.id));
    expect(followers.map((f) => f.userId)).toEqual([p.eng.userId]);

    const view = await getRun(store.db, run.id);
    const counted = view.items.filter((i) => !i.reference);
    for (const item of counted.slice(0, -1))
      await setItemState(store.db, as(p.eng), run.id, item.id, { state: 'done' });
    // Reference items never count; notes never notify.
    await setItemState(store.db, as(p.eng), run.id, view.items.find((i) => i.reference)!.id, {
      state: 'done',
    });
    expect(await types(run.id)).toEqual(['run.started']);

    await setItemState(store.db, as(p.ci), run.id, counted.at(-1)!.id, { state: 'skipped', note: 'covered' });
    const events = await eventsOf(run.id);
    expect(events.map((e) => e.type)).toEqual(['run.started', 'run.ready_for_signoff']);
    expect(events[1]).toMatchObject({ environment: 'production', actor: { name: 'Ada', kind: 'apikey' } });
    expect(events[1]!.auditEventId).toBeGreaterThan(events[0]!.auditEventId!);

    // Unticking and ticking again is a new completion, announced again.
    await setItemState(store.db, as(p.eng), run.id, counted[0]!.id, { state: 'open' });
    await setItemState(store.db, as(p.eng), run.id, counted[0]!.id, { state: 'done' });
    expect((await types(run.id)).filter((t) => t === 'run.ready_for_signoff')).toHaveLength(2);
  });

  it('expansion: routed channels, followers and the missing sign-off roles, never the actor', async () => {
    const { run } = await createRun(store.db, as(p.eng), {
      templateId,
      title: 'Expanded',
      environment: 'production',
    });
    await expand();
    await setFollowing(store.db, run.id, p.viewer.userId, true);
    await tickAll(run.id);
    await expand();
    await signRun(store.db, as(p.qa), run.id, { role: 'QA' });
    await expand();
    const [started, ready, signed] = await eventsOf(run.id);
    expect(ready!.payload).toMatchObject({
      type: 'run.ready_for_signoff',
      environment: 'production',
      run: {
        id: run.id,
        title: 'Expanded',
        url: `https://liftoff.example.io/runs/${run.id}`,
        status: 'completed',
      },
      signoff: { roles: ['Developer', 'DevOps', 'QA', 'Product Owner', 'Security Lead'] },
    });
    const deliveries = await store.db.select().from(notificationDeliveries);
    const of = (id: string) =>
      deliveries
        .filter((d) => d.eventId === id)
        .map((d) => `${d.channel}:${d.recipient}`)
        .sort();
    // run.started in production: both routed channels; the creator (the actor) is not told of their own act.
    expect(of(started!.id)).toEqual(['hook:', 'mail:']);
    // Ready: the routed hook, plus mail to the follower and to every holder of a missing role (the actor excluded).
    const readyTo = of(ready!.id);
    expect(readyTo).toContain('hook:');
    expect(readyTo).toContain(`mail:${p.viewer.email}`);
    for (const signer of [p.dev, p.devops, p.qa, p.po, p.qaPo])
      expect(readyTo).toContain(`mail:${signer.email}`);
    expect(readyTo).not.toContain(`mail:${p.eng.email}`);
    // signoff.added has no route: only people (the follower and the creator) hear of it.
    expect(of(signed!.id).sort()).toEqual([`mail:${p.eng.email}`, `mail:${p.viewer.email}`].sort());
    const viewerInbox = await inbox(store.db, p.viewer.userId);
    expect(viewerInbox.items.map((i) => i.type)).toEqual(
      expect.arrayContaining(['run.ready_for_signoff', 'signoff.added']),
    );
    expect(viewerInbox.unread).toBeGreaterThanOrEqual(2);
    expect(viewerInbox.items.find((i) => i.type === 'run.ready_for_signoff')?.summary).toBe(
      'Run "Expanded" is ready for sign-off: waiting for Developer, DevOps, QA, Product Owner, Security Lead',
    );
    const engInbox = await store.db
      .select()
      .from(userNotifications)
      .where(eq(userNotifications.userId, p.eng.userId));
    expect(engInbox.map((n) => n.eventId)).not.toContain(ready!.id);
    // Expanding again does nothing twice.
    expect((await expand()).events).toBe(0);
  });

  it('item.failed, signoff.added, signoff.stale, run.finished (verified and aborted)', async () => {
    const { run } = await createRun(store.db, as(p.eng), { templateId, title: 'Lifecycle' });
    const view = await getRun(store.db, run.id);
    const first = view.items.find((i) => !i.reference)!;
    await setItemState(store.db, as(p.eng), run.id, first.id, { state: 'failed', note: 'smoke test red' });
    // Failing again (a new note) is not a new failure.
    await setItemState(store.db, as(p.eng), run.id, first.id, { state: 'failed', note: 'still red' });
    expect(await types(run.id)).toEqual(['run.started', 'item.failed']);
    await tickAll(run.id);
    for (const [who, role] of [
      [p.dev, 'Developer'],
      [p.devops, 'DevOps'],
      [p.qa, 'QA'],
      [p.po, 'Product Owner'],
      [p.eng, 'Security Lead'],
    ] as const) {
      await signRun(store.db, as(who), run.id, { role });
    }
    expect((await types(run.id)).slice(2)).toEqual([
      'run.ready_for_signoff',
      'signoff.added',
      'signoff.added',
      'signoff.added',
      'signoff.added',
      'signoff.added',
      'run.finished',
    ]);
    // A field change after signing makes all five stale: one event naming them.
    await setField(store.db, as(p.eng), run.id, 'deployed-by', { value: 'Ada' });
    // A change on a run whose signatures are already stale is not news.
    await setItemState(store.db, as(p.eng), run.id, first.id, { state: 'skipped', note: 'moot' });
    const stale = (await eventsOf(run.id)).filter((e) => e.type === 'signoff.stale');
    expect(stale).toHaveLength(1);
    expect(stale[0]!.facts).toMatchObject({
      roles: ['Developer', 'DevOps', 'QA', 'Product Owner', 'Security Lead'],
    });

    await setRunStatus(store.db, as(p.eng), run.id, { status: 'aborted', reason: 'wrong build' });
    await expand();
    const finished = (await eventsOf(run.id)).filter((e) => e.type === 'run.finished');
    expect(finished.map((e) => (e.payload as { run: { status: string } }).run.status)).toEqual([
      'verified',
      'aborted',
    ]);
    expect(finished[1]!.payload).toMatchObject({
      reason: 'wrong build',
      summary: 'Run "Lifecycle" aborted by Ada: wrong build',
    });
    const failed = (await eventsOf(run.id)).find((e) => e.type === 'item.failed')!;
    expect(failed.payload).toMatchObject({
      item: { id: first.id, text: first.text, state: 'failed', note: 'smoke test red' },
    });
  });

  it('a failed write leaves no event: the outbox commits with the change or not at all', async () => {
    const { run } = await createRun(store.db, as(p.eng), { templateId, title: 'Atomic' });
    await setRunStatus(store.db, as(p.eng), run.id, { status: 'aborted', reason: 'stop' });
    const before = await types(run.id);
    await expect(
      setItemState(store.db, as(p.eng), run.id, (await getRun(store.db, run.id)).items[0]!.id, {
        state: 'failed',
        note: 'x',
      }),
    ).rejects.toMatchObject({ code: 'conflict' });
    expect(await types(run.id)).toEqual(before);
  });
});

describe('the completion check under concurrency (PostgreSQL)', () => {
  let store: Awaited<ReturnType<typeof freshPostgres>>;
  let p: People;

  beforeAll(async () => {
    store = await freshPostgres();
    p = await people(store.db);
  });
  afterAll(() => store.close());

  it('two last ticks committing together announce the run exactly once', async () => {
    const md = '# Pair\n\n## Steps\n- [ ] Left\n- [ ] Right\n';
    const templateId = (await releaseTemplate(store.db, 'Pair', md)).id;
    const { run } = await createRun(store.db, as(p.eng), { templateId, title: 'Race' });
    const [left, right] = (await getRun(store.db, run.id)).items;
    for (let round = 1; round <= 25; round++) {
      await Promise.all([
        setItemState(store.db, as(p.eng), run.id, left!.id, { state: 'done' }),
        setItemState(store.db, as(p.eng), run.id, right!.id, { state: 'done' }),
      ]);
      const ready = (
        await store.db.select().from(notificationEvents).where(eq(notificationEvents.runId, run.id))
      ).filter((e) => e.type === 'run.ready_for_signoff');
      expect(ready, `round ${round}`).toHaveLength(round);
      await setItemState(store.db, as(p.eng), run.id, left!.id, { state: 'open' });
      await setItemState(store.db, as(p.eng), run.id, right!.id, { state: 'open' });
    }
  });
});
