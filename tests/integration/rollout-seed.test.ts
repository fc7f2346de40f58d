import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Checklist } from '@/lib/checklist/model';
import { ManualClock, useClock } from '@/lib/core/clock';
import { closeProbeClients } from '@/lib/probes';
import { evaluateDueWatches } from '@/lib/rollout/watcher';
import { createRun, getRun, listAudit, type RunView, setItemState, startStage } from '@/lib/runs';
import { bindTrigger } from '@/lib/templates/bind-check';
import { parseUpload } from '@/lib/templates/parse-upload';
import { importTemplate } from '@/lib/templates/store';
import { seed } from '../support/corpus';
import { describeCorpus } from '../support/corpus-suite';
import { freshPostgres } from '../support/db';
import { type HttpInstanceServer, startHttpInstance } from '../support/probe-servers';
import { metricsConfig } from './rollout-fixtures';
import { as, failure, type People, people } from './runs-fixtures';

const MIN = 60_000;

/**
 * Seed 004 (a plain-text rollout over weeks) carried by a gated run: each step waits for the
 * one before, and the dual-write trigger the importer suggested, once accepted, watches a real
 * Prometheus-format endpoint whose counters the test moves.
 */
describeCorpus('seed 004 as a gated rollout against a real metrics endpoint', () => {
  type Store = Awaited<ReturnType<typeof freshPostgres>>;
  let store: Store;
  let p: People;
  let model: Checklist;
  let templateId: string;
  let metrics: HttpInstanceServer;
  const counters = { failed: 0, succeeded: 0 };
  const clock = new ManualClock(Date.parse('2026-11-26T09:00:00Z'));

  beforeAll(async () => {
    useClock(clock);
    store = await freshPostgres();
    p = await people(store.db);
    const { template } = await importTemplate(store.db, {
      name: 'Phase 2.2',
      ...parseUpload(seed('004').bytes, '004.txt'),
      actorId: null,
    });
    const trigger = template.model.stages![2]!.triggers.find((t) =>
      t.text.startsWith('If dual-write failure rate'),
    )!;
    const suggested = trigger.suggestedChecks![0]!.check;
    const bound = await bindTrigger(store.db, {
      templateId: template.id,
      triggerId: trigger.id,
      check: suggested,
      actorId: null,
    });
    ({ id: templateId, model } = bound);
    metrics = await startHttpInstance('relay', {
      '/metrics': (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
        res.end(
          `relay_dual_write_attempt_total{result="failed"} ${counters.failed}\nrelay_dual_write_attempt_total{result="succeeded"} ${counters.succeeded}\n`,
        );
      },
    });
  });
  afterAll(async () => {
    useClock(null);
    await closeProbeClients();
    await metrics?.stop();
    await store?.close();
  });

  const byText = (run: RunView, start: string) => run.items.find((i) => i.text.startsWith(start))!;
  const tickAll = async (run: RunView, ids: readonly string[]) => {
    for (const id of ids) await setItemState(store.db, as(p.eng), run.id, id, { state: 'done' });
  };
  const stepItems = (run: RunView, stageId: string) =>
    run.items.filter((i) => i.stageId === stageId && i.stageRole === 'step').map((i) => i.id);
  /** Traffic between two scrapes: the counters grow, `share` of the attempts failing. */
  const round = async (share: number) => {
    counters.failed += Math.round(share * 1000);
    counters.succeeded += Math.round((1 - share) * 1000);
    return evaluateDueWatches(store.db, metricsConfig('production', metrics.url));
  };

  it('walks the steps in order and fires the dual-write trigger after its two minutes', async () => {
    expect(model.stages!.find((s) => s.id === 'step-3')!.triggers[0]!.check).toMatch(
      /^prometheus:api rate\(relay_dual_write_attempt_total\{result="failed"\}\[5m\]\) \/ rate\(relay_dual_write_attempt_total\[5m\]\) > 0\.05 for 2m$/,
    );
    const { run: created } = await createRun(store.db, as(p.eng), {
      templateId,
      title: 'v0.1.7 phase 2.2',
      environment: 'production',
    });
    let run = await getRun(store.db, created.id);
    expect(run.gated).toBe(true);
    expect(run.stages.map((s) => s.state)).toEqual([
      'ready',
      'locked',
      'locked',
      'locked',
      'locked',
      'locked',
    ]);
    expect(
      await failure(
        setItemState(store.db, as(p.eng), run.id, byText(run, 'Read-routing stable').id, { state: 'done' }),
      ),
    ).toMatchObject({
      code: 'stage_locked',
      message: expect.stringContaining('until “STEP 2: Monitor Stabilization (Week 2-3)” finishes'),
    });

    for (const [i, stage] of run.stages.slice(0, 3).entries()) {
      run = await getRun(store.db, run.id);
      await tickAll(
        run,
        run.stages[i]!.gate.items.map((g) => g.itemId),
      );
      await startStage(store.db, as(p.eng), run.id, stage.id, {});
      if (i < 2) await tickAll(run, stepItems(run, stage.id));
    }
    run = await getRun(store.db, run.id);
    expect(run.stages.map((s) => s.state)).toEqual([
      'finished',
      'finished',
      'active',
      'locked',
      'locked',
      'locked',
    ]);
    // Step 2's four daily checks are recurring: they never hold the step open.
    expect(run.stages[1]!.recurring).toHaveLength(4);

    // 1% failures: fine. 10%: pending, then firing once it has held two minutes.
    await round(0.01);
    clock.advance(10_000);
    await round(0.01);
    run = await getRun(store.db, run.id);
    expect(run.stages[2]!.triggers[0]).toMatchObject({ state: 'ok', watched: true });
    clock.advance(10_000);
    await round(0.1);
    run = await getRun(store.db, run.id);
    expect(run.stages[2]!.triggers[0]!.state).toBe('pending');
    clock.advance(2 * MIN);
    const fired = await round(0.1);
    expect(fired.events.filter((e) => e.runId === run.id).map((e) => e.action)).toEqual(['trigger.fire']);
    run = await getRun(store.db, run.id);
    expect(run.firing).toBe(1);
    // rate() spans the scrapes of the last second or so: above the threshold, at most the 10%.
    expect(run.stages[2]!.triggers[0]!.value).toBeGreaterThan(0.05);
    expect(run.stages[2]!.triggers[0]!.value).toBeLessThanOrEqual(0.1);
    expect((await listAudit(store.db, run.id)).filter((e) => e.action === 'trigger.fire')).toHaveLength(1);
  });
});
