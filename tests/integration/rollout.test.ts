import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Checklist } from '@/lib/checklist/model';
import type { TargetsConfig } from '@/lib/config/targets';
import { ManualClock, useClock } from '@/lib/core/clock';
import type { Database } from '@/lib/db/client';
import { notificationEvents } from '@/lib/db/schema';
import { recordRunNotificationsOnWrite } from '@/lib/notify/run-events';
import { closeProbeClients } from '@/lib/probes';
import { evaluateDueWatches } from '@/lib/rollout/watcher';
import {
  acknowledgeTrigger,
  createRun,
  getRun,
  getRunSummary,
  listAudit,
  type RunEvent,
  type RunView,
  runReportMarkdown,
  setItemState,
  startStage,
} from '@/lib/runs';
import { importTemplate, requireTemplate } from '@/lib/templates/store';
import { backends } from '../support/db';
import type { HttpInstanceServer } from '../support/probe-servers';
import {
  failureTriggerId,
  itemByText,
  metricsConfig,
  ROLLOUT_MD,
  rolloutModel,
  startMetrics,
} from './rollout-fixtures';
import { as, failure, type People, people } from './runs-fixtures';

const MIN = 60_000;
const DAY = 86_400_000;

describe.each(backends)('a staged rollout on %s', (_name, open) => {
  let store: Database;
  let p: People;
  let model: Checklist;
  let templateId: string;
  let metrics: HttpInstanceServer;
  const values = { read_ratio: 0.83, failure_ratio: 0.01 };
  let config: TargetsConfig;
  const clock = new ManualClock(Date.parse('2026-11-26T09:00:00Z'));

  beforeAll(async () => {
    useClock(clock);
    recordRunNotificationsOnWrite();
    store = await open();
    p = await people(store.db);
    model = rolloutModel();
    triggerId = failureTriggerId(model);
    ({
      template: { id: templateId },
    } = await importTemplate(store.db, {
      name: `Canary ${_name}`,
      source: ROLLOUT_MD,
      model,
      actorId: null,
    }));
    metrics = await startMetrics(values);
    config = metricsConfig('production', metrics.url);
  });
  afterAll(async () => {
    useClock(null);
    await closeProbeClients();
    await metrics?.stop();
    await store?.close();
  });

  const item = (text: string) => itemByText(model, text);
  const tick = (runId: string, text: string, state: 'done' | 'open' = 'done') =>
    setItemState(store.db, as(p.eng), runId, item(text), { state });
  const stage = (run: RunView, n: number) => run.stages[n - 1]!;
  const round = () => evaluateDueWatches(store.db, config);
  let triggerId: string;

  it('keeps later stages locked until each gate passes, and a soak must hold for its whole duration', async () => {
    const { run: created } = await createRun(store.db, as(p.eng), {
      templateId,
      title: 'relay schema to production',
      environment: 'production',
    });
    let run = await getRun(store.db, created.id);
    expect(run.gated).toBe(true);
    expect(run.stages.map((s) => [s.title, s.state])).toEqual([
      ['Stage 1 — canary 5%', 'ready'],
      ['Stage 2 — half the traffic', 'locked'],
      ['Stage 3 — everyone', 'locked'],
    ]);
    // Recurring items re-open every period: they do not count as progress.
    expect(run.progress).toEqual({ done: 0, total: 7 });

    // A step of a stage that has not started, a later stage's prerequisite: both refused, saying why.
    expect(await failure(tick(run.id, 'Canary deployed'))).toMatchObject({
      code: 'stage_locked',
      message: 'Stage “Stage 1 — canary 5%” has not started: start it once its prerequisites are met.',
    });
    expect(await failure(tick(run.id, 'Canary stable for a week'))).toMatchObject({
      code: 'stage_locked',
      message: 'Stage “Stage 2 — half the traffic” is locked until “Stage 1 — canary 5%” finishes.',
    });
    expect(await failure(startStage(store.db, as(p.eng), run.id, 'stage-1', {}))).toMatchObject({
      code: 'stage_locked',
      message: 'Stage “Stage 1 — canary 5%” cannot start yet: waiting for “Feature flag created”.',
    });

    await tick(run.id, 'Feature flag created');
    const started = await startStage(store.db, as(p.eng), run.id, 'stage-1', {});
    expect(started.stage).toMatchObject({ state: 'active', startedBy: 'Ada' });
    expect(started.event.action).toBe('stage.start');
    await tick(run.id, 'Canary deployed');
    run = await getRun(store.db, run.id);
    expect(stage(run, 1)).toMatchObject({ state: 'active', progress: { done: 1, total: 2 } });
    expect(stage(run, 2).state).toBe('locked');
    expect(stage(run, 2).waitingFor).toBe('Stage 1 — canary 5%');

    // The soak of stage 2's prerequisite is measured while stage 1 runs.
    await round();
    run = await getRun(store.db, run.id);
    expect(stage(run, 2).gate.checks).toEqual([
      expect.objectContaining({
        check: 'prometheus:api read_ratio > 0.8 for 7d',
        neededMs: 7 * DAY,
        heldForMs: 0,
        ok: false,
        value: 0.83,
      }),
    ]);
    clock.advance(3 * DAY);
    await round();
    await tick(run.id, 'Error rate checked');
    run = await getRun(store.db, run.id);
    expect(stage(run, 1).state).toBe('finished');
    expect(stage(run, 2).state).toBe('ready');
    expect(stage(run, 2).gate.checks[0]!.heldForMs).toBe(3 * DAY);
    await tick(run.id, 'Canary stable for a week');
    expect(await failure(startStage(store.db, as(p.eng), run.id, 'stage-2', {}))).toMatchObject({
      code: 'stage_locked',
      message: expect.stringContaining('prometheus:api read_ratio > 0.8 for 7d (held 4320 of 10080 min)'),
    });

    // The ratio dips: the soak starts over.
    values.read_ratio = 0.7;
    clock.advance(MIN);
    await round();
    values.read_ratio = 0.85;
    clock.advance(MIN);
    await round();
    clock.advance(6 * DAY);
    await round();
    run = await getRun(store.db, run.id);
    expect(stage(run, 2).gate.checks[0]).toMatchObject({ heldForMs: 6 * DAY, ok: false });
    clock.advance(DAY);
    // The soak has held its 7 days: the gate passes, and Liftoff says so once.
    const passed = (await round()).events.filter((e) => e.runId === run.id);
    expect(passed.map((e) => [e.action, e.subject, e.actor.name])).toEqual([
      ['stage.gate_pass', 'stage-2', 'Liftoff'],
    ]);
    expect((await round()).events.filter((e) => e.runId === run.id)).toEqual([]);
    run = await getRun(store.db, run.id);
    expect(stage(run, 2).gate).toMatchObject({ met: 2, total: 2, passes: true });
    expect((await startStage(store.db, as(p.eng), run.id, 'stage-2', {})).stage.state).toBe('active');
  });

  it('fires a trigger after its for duration, silences it when acknowledged, resolves it when it clears', async () => {
    const { run } = await createRun(store.db, as(p.eng), {
      templateId,
      title: 'trigger drill',
      environment: 'production',
      gated: false,
    });
    values.failure_ratio = 0.01;
    await round();
    expect(stage(await getRun(store.db, run.id), 2).triggers[0]).toMatchObject({
      state: 'ok',
      watched: true,
      value: 0.01,
    });

    values.failure_ratio = 0.09;
    clock.advance(5_000);
    await round();
    clock.advance(MIN);
    await round();
    expect(stage(await getRun(store.db, run.id), 2).triggers[0]!.state).toBe('pending');
    clock.advance(MIN);
    // Two leaders in a hand-over evaluate the same due watch: it fires once.
    const [a, b] = await Promise.all([round(), round()]);
    const mine = (events: RunEvent[]) => events.filter((e) => e.runId === run.id).map((e) => e.action);
    expect(mine([...a.events, ...b.events])).toEqual(['trigger.fire']);
    let view = await getRun(store.db, run.id);
    expect(view.firing).toBe(1);
    expect(stage(view, 2).triggers[0]).toMatchObject({
      state: 'firing',
      value: 0.09,
      threshold: '> 0.05',
      text: 'If the dual-write failure ratio is above 5%, disable the new schema',
    });
    expect((await getRunSummary(store.db, run.id)).firing).toBe(1);

    expect(
      await failure(
        acknowledgeTrigger(store.db, as(p.eng), run.id, triggerId, { note: 'on it', silenceFor: '5s' }),
      ),
    ).toMatchObject({ code: 'validation_failed' });
    expect(
      await failure(
        acknowledgeTrigger(store.db, as(p.viewer), run.id, triggerId, { note: 'x', silenceFor: '10m' }),
      ),
    ).toMatchObject({ code: 'forbidden' });
    const ack = await acknowledgeTrigger(store.db, as(p.eng), run.id, triggerId, {
      note: 'Disabling the new path now',
      silenceFor: '10m',
    });
    expect(ack.state).toBe('acknowledged');
    clock.advance(5 * MIN);
    expect(mine((await round()).events)).toEqual([]);
    view = await getRun(store.db, run.id);
    expect(view.firing).toBe(0);
    expect(stage(view, 2).triggers[0]).toMatchObject({
      state: 'acknowledged',
      ackNote: 'Disabling the new path now',
      ackBy: 'Ada',
    });
    // Still bad when the silence ends: it fires again.
    clock.advance(5 * MIN);
    expect(mine((await round()).events)).toEqual(['trigger.fire']);

    values.failure_ratio = 0.02;
    clock.advance(MIN);
    const resolved = (await round()).events.filter((e) => e.runId === run.id);
    expect(resolved.map((e) => [e.action, e.actor.name, e.actor.kind])).toEqual([
      ['trigger.resolve', 'Liftoff', 'system'],
    ]);
    expect(resolved[0]!.after).toMatchObject({ state: 'resolved', firedForMs: MIN });
    expect(stage(await getRun(store.db, run.id), 2).triggers[0]!.state).toBe('resolved');
    const actions = (await listAudit(store.db, run.id)).map((e) => e.action);
    expect(actions).toEqual(['run.create', 'trigger.fire', 'trigger.ack', 'trigger.fire', 'trigger.resolve']);
    // Each is also a notification, written with it in its transaction.
    const notified = await store.db
      .select({ type: notificationEvents.type, facts: notificationEvents.facts })
      .from(notificationEvents)
      .where(eq(notificationEvents.runId, run.id))
      .orderBy(asc(notificationEvents.seq));
    expect(notified.map((n) => n.type)).toEqual([
      'run.started',
      'trigger.fired',
      'trigger.acknowledged',
      'trigger.fired',
      'trigger.resolved',
    ]);
    expect(notified[1]!.facts).toMatchObject({ triggerId: triggerId, stageId: 'stage-2', value: 0.09 });

    // The report keeps the record: each firing with its value, the acknowledgement with its note.
    const template = await requireTemplate(store.db, templateId);
    const md = await runReportMarkdown(store.db, await getRun(store.db, run.id), template);
    const rows = md.split('\n').filter((l) => l.includes('If the dual-write failure ratio'));
    expect(rows.filter((l) => l.includes('| fired | 0.09 (bad when > 0.05) | Liftoff |'))).toHaveLength(2);
    expect(rows.some((l) => l.includes('| acknowledged |') && l.includes('Disabling the new path now'))).toBe(
      true,
    );
    expect(rows.some((l) => l.includes('| resolved | 0.02 (bad when > 0.05) |'))).toBe(true);
  });

  it('re-opens a daily check every day and shows missed days', async () => {
    const { run } = await createRun(store.db, as(p.eng), {
      templateId,
      title: 'daily',
      environment: 'production',
    });
    await tick(run.id, 'Feature flag created');
    await startStage(store.db, as(p.eng), run.id, 'stage-1', {});
    await tick(run.id, 'Dashboard reviewed');
    const daily = (v: RunView) => stage(v, 1).recurring[0]!;
    let view = await getRun(store.db, run.id);
    expect(daily(view).current).toMatchObject({ state: 'done', by: { name: 'Ada' } });
    expect(view.items.find((i) => i.id === item('Dashboard reviewed'))).toMatchObject({
      state: 'done',
      stageRole: 'recurring',
    });

    clock.advance(DAY);
    view = await getRun(store.db, run.id);
    expect(daily(view).current?.state).toBe('open');
    expect(view.items.find((i) => i.id === item('Dashboard reviewed'))?.state).toBe('open');
    clock.advance(2 * DAY);
    await tick(run.id, 'Dashboard reviewed');
    view = await getRun(store.db, run.id);
    expect(daily(view).past.map((o) => o.state)).toEqual(['done', 'missed', 'missed']);
    expect(daily(view).current?.state).toBe('done');
  });

  it('lets only an admin force a stage, with a reason on the record', async () => {
    const { run } = await createRun(store.db, as(p.eng), {
      templateId,
      title: 'forced',
      environment: 'production',
    });
    expect(
      await failure(startStage(store.db, as(p.eng), run.id, 'stage-3', { force: true, reason: 'x' })),
    ).toMatchObject({
      code: 'forbidden',
    });
    expect(
      await failure(startStage(store.db, as(p.admin), run.id, 'stage-3', { force: true })),
    ).toMatchObject({
      code: 'unprocessable',
    });
    const forced = await startStage(store.db, as(p.admin), run.id, 'stage-3', {
      force: true,
      reason: 'Hotfix must reach everyone tonight',
    });
    expect(forced.stage).toMatchObject({
      state: 'active',
      forced: true,
      forceReason: 'Hotfix must reach everyone tonight',
    });
    expect(forced.event).toMatchObject({ action: 'stage.start', note: 'Hotfix must reach everyone tonight' });
    const view = await getRun(store.db, run.id);
    expect(stage(view, 3)).toMatchObject({ state: 'active', forced: true, startedBy: 'Root' });
    await tick(view.id, 'Full traffic validated');
  });
});
