import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateUser } from '@/lib/auth/users';
import { defaultTargetsConfig, setTargetsConfig } from '@/lib/config/targets';
import { closeProbeClients } from '@/lib/probes';
import { createRedis } from '@/lib/redis/client';
import { createRun, getRun, listAudit, onRunEvent, type RunEvent } from '@/lib/runs';
import { benchmarkFields, benchmarkRun } from '@/lib/verify/benchmark';
import { reverifyDue, setReverify } from '@/lib/verify/reverify';
import { verifyAll } from '@/lib/verify/verify-all';
import { verifyItem } from '@/lib/verify/verify-item';
import { freshPostgres, REDIS_URL } from '../support/db';
import { as, parsed, people, releaseTemplate } from './runs-fixtures';

const BENCH_MD = `# Cache rollout

- [ ] Redis answers <!-- check: redis:self ping -->
- [ ] Redis has the key <!-- check: redis:self exists release:no-such-key -->

## Before deployment
- p50: ______ ms
- p95: ______ ms
- p99: ______ ms

## After deployment
- p50: ______ ms
- p95: ______ ms
- p99: ______ ms
- Improvement: ______ %
`;

const VERIFY_ALL_MD = `# Cache release

- [ ] Redis answers <!-- check: redis:self ping -->
- [ ] Redis holds the release key <!-- check: redis:self exists release:no-such-key -->
- [ ] Tell the team
- [ ] Kafka answers <!-- check: redis:kafka ping -->

## Stage 1 — canary

### Validation

- [ ] PostgreSQL answers in the canary <!-- check: postgres:self ping -->

## Stage 2 — everyone

### Validation

- [ ] PostgreSQL answers everywhere <!-- check: postgres:self ping -->
`;

describe('benchmark fields', () => {
  it('maps before/after blocks to the baseline and after phases', () => {
    const defs = parsed(BENCH_MD).fields;
    const base = benchmarkFields(defs, 'baseline');
    const after = benchmarkFields(defs, 'after');
    expect(base.p50?.group ?? base.p50?.key).toMatch(/before/i);
    expect(after.p99?.key).toMatch(/after/i);
    expect(after.improvement?.label).toMatch(/improvement/i);
    expect(base.improvement).toBeUndefined();
  });
});

describe('Verify, Verify all and benchmarks against the real Redis and PostgreSQL', () => {
  let store: Awaited<ReturnType<typeof freshPostgres>>;
  beforeAll(async () => {
    store = await freshPostgres();
    setTargetsConfig(defaultTargetsConfig({ REDIS_URL, DATABASE_URL: store.url }));
  });
  afterAll(async () => {
    setTargetsConfig(undefined);
    await closeProbeClients();
    await store.close();
  });

  it('Verify marks a passing item done and a failing one failed, each with evidence and one audit event', async () => {
    const who = await people(store.db);
    const template = await releaseTemplate(store.db, 'Bench', BENCH_MD);
    const { run } = await createRun(store.db, as(who.eng), {
      templateId: template.id,
      title: 'verify',
      environment: 'local',
    });
    const [pass, fail] = (await getRun(store.db, run.id)).items;
    const ok = await verifyItem(store.db, as(who.eng), run.id, pass!.id);
    expect(ok.item).toMatchObject({ state: 'done', via: 'check' });
    expect(ok.item.evidence).toMatchObject({ ok: true, results: [{ target: 'redis:self', value: 'PONG' }] });
    const bad = await verifyItem(store.db, as(who.eng), run.id, fail!.id);
    expect(bad.item).toMatchObject({ state: 'failed', via: 'check' });
    expect(bad.item.note).toMatch(/check failed/);
    const audit = await listAudit(store.db, run.id);
    expect(audit.filter((e) => e.action === 'check.verify')).toHaveLength(2);
    await expect(verifyItem(store.db, as(who.viewer), run.id, pass!.id)).rejects.toMatchObject({
      code: 'forbidden',
    });
  });

  it('verifies every open bound item once, leaves stage-locked and unbound ones, and says what it could not run', async () => {
    const who = await people(store.db);
    const template = await releaseTemplate(store.db, 'Verify all', VERIFY_ALL_MD);
    const { run } = await createRun(store.db, as(who.eng), {
      templateId: template.id,
      title: 'verify all',
      environment: 'local',
      gated: true,
    });
    const items = (await getRun(store.db, run.id)).items;
    const byText = (t: string) => items.find((i) => i.text.startsWith(t))!;
    const result = await verifyAll(store.db, as(who.eng), run.id);
    expect(result.done.sort()).toEqual(
      [byText('Redis answers').id, byText('PostgreSQL answers in the canary').id].sort(),
    );
    expect(result.failed).toEqual([byText('Redis holds').id]);
    expect(result.notRun).toEqual([
      { itemId: byText('Kafka answers').id, reason: expect.stringMatching(/kafka/) },
    ]);
    // The first stage (no prerequisites) is open; the second waits for it and is not touched.
    expect(result.locked).toBe(1);

    const after = await getRun(store.db, run.id);
    const state = (t: string) => after.items.find((i) => i.text.startsWith(t))!;
    expect(state('Redis answers')).toMatchObject({ state: 'done', via: 'check', evidence: { ok: true } });
    expect(state('Redis holds')).toMatchObject({
      state: 'failed',
      note: expect.stringMatching(/check failed/),
    });
    expect(state('Tell the team').state).toBe('open');
    expect(state('PostgreSQL answers in the canary').state).toBe('done');
    expect(state('PostgreSQL answers everywhere')).toMatchObject({
      state: 'open',
      locked: expect.any(String),
    });
    const audit = await listAudit(store.db, run.id);
    expect(audit.filter((e) => e.action === 'check.verify')).toHaveLength(3);

    // One item's Verify on a locked stage says why, without probing.
    const lockedVerify = verifyItem(
      store.db,
      as(who.eng),
      run.id,
      byText('PostgreSQL answers everywhere').id,
    );
    await expect(lockedVerify).rejects.toMatchObject({ code: 'stage_locked' });
    await expect(lockedVerify).rejects.toThrow(/Stage 2 — everyone/);

    // Pressed twice at once (two tabs): one runs the checks, the other is told so.
    const both = await Promise.allSettled([
      verifyAll(store.db, as(who.eng), run.id),
      verifyAll(store.db, as(who.eng), run.id),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = both.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/already running/),
    });

    // Pressed again: the done item is left alone, the failed one is tried again.
    const again = await verifyAll(store.db, as(who.eng), run.id);
    expect([...again.done, ...again.failed]).toEqual([byText('Redis holds').id]);
    await expect(verifyAll(store.db, as(who.viewer), run.id)).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('records baseline and after percentiles into the run fields, with the improvement, audited', async () => {
    const who = await people(store.db);
    const template = await releaseTemplate(store.db, 'Bench 2', BENCH_MD);
    const { run } = await createRun(store.db, as(who.eng), {
      templateId: template.id,
      title: 'bench',
      environment: 'local',
    });
    const itemId = (await getRun(store.db, run.id)).items[0]!.id;
    const base = await benchmarkRun(store.db, as(who.eng), run.id, {
      itemId,
      phase: 'baseline',
      requests: 200,
    });
    expect(base.errors).toBe(0);
    expect(base.latencyMs.p50).toBeGreaterThan(0);
    expect(base.latencyMs.p50).toBeLessThanOrEqual(base.latencyMs.p99);
    const after = await benchmarkRun(store.db, as(who.eng), run.id, {
      itemId,
      phase: 'after',
      requests: 200,
    });
    expect(typeof after.improvementPct).toBe('number');
    const view = await getRun(store.db, run.id);
    const defs = benchmarkFields(view.fieldDefs, 'after');
    expect(view.fields[defs.p50!.key]).toBe(String(after.latencyMs.p50));
    expect(view.fields[defs.improvement!.key]).toBe(String(after.improvementPct));
    const audit = await listAudit(store.db, run.id);
    expect(audit.filter((e) => e.action === 'field.set').length).toBeGreaterThanOrEqual(6);
    await expect(
      benchmarkRun(store.db, as(who.eng), run.id, { itemId, phase: 'later' } as never),
    ).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('re-verifies an item continuously while the run is open, recording only changes of outcome', async () => {
    const who = await people(store.db);
    const template = await releaseTemplate(store.db, 'Bench 3', BENCH_MD);
    const { run } = await createRun(store.db, as(who.eng), {
      templateId: template.id,
      title: 'reverify',
      environment: 'local',
    });
    const itemId = (await getRun(store.db, run.id)).items[1]!.id; // redis:self exists release:no-such-key
    // Every committed write reaches the live bus through lib/runs' one write path.
    const published: RunEvent[] = [];
    const stop = onRunEvent((e) => {
      if (e.runId === run.id && e.action === 'check.verify') published.push(e);
    });
    await expect(setReverify(store.db, as(who.eng), run.id, itemId, { every: '2s' })).rejects.toMatchObject({
      code: 'validation_failed',
    });
    await expect(
      setReverify(store.db, as(who.viewer), run.id, itemId, { every: '30s' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    const set = await setReverify(store.db, as(who.eng), run.id, itemId, { every: '30s' });
    expect(set.event.after).toEqual({ everyMs: 30_000 });
    expect((await getRun(store.db, run.id)).items[1]?.reverifyEveryMs).toBe(30_000);

    expect(await reverifyDue(store.db)).toBe(1);
    expect((await getRun(store.db, run.id)).items[1]).toMatchObject({ state: 'failed', via: 'check' });
    expect(await reverifyDue(store.db)).toBe(0); // not due again for 30 s

    // Due again, same outcome: nothing new is recorded.
    const rewind = async () =>
      store.db.execute(
        sql`UPDATE run_items SET reverified_at = now() - interval '1 hour' WHERE run_id = ${run.id}`,
      );
    await rewind();
    expect(await reverifyDue(store.db)).toBe(1);
    expect(published).toHaveLength(1);

    // Whoever turned it on is disabled since: the checks go on, in Liftoff's name, never theirs.
    await updateUser(store.db, who.eng.userId, { disabled: true });
    // The key appears: the next round turns the item done.
    const redis = createRedis(REDIS_URL, 'reverify-test');
    await new Promise<void>((resolve) => redis.once('ready', () => resolve()));
    await redis.set('release:no-such-key', '1');
    try {
      await rewind();
      await reverifyDue(store.db);
      const item = (await getRun(store.db, run.id)).items[1]!;
      expect(item).toMatchObject({ state: 'done', via: 'check' });
      expect(item.by).toEqual({ userId: null, name: 'Liftoff', kind: 'system' });
      expect(published).toHaveLength(2);
      expect(published.map((e) => e.actor)).toEqual([
        { userId: null, name: 'Liftoff', kind: 'system' },
        { userId: null, name: 'Liftoff', kind: 'system' },
      ]);
    } finally {
      await redis.del('release:no-such-key');
      redis.disconnect();
    }
    await updateUser(store.db, who.eng.userId, { disabled: false });
    await setReverify(store.db, as(who.eng), run.id, itemId, { every: null });
    stop();
    await rewind();
    expect(await reverifyDue(store.db)).toBe(0);
  });
});
