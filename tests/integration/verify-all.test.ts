import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultTargetsConfig, setTargetsConfig } from '@/lib/config/targets';
import { closeProbeClients } from '@/lib/probes';
import { createRun, getRun, listAudit } from '@/lib/runs';
import { verifyAll } from '@/lib/verify/verify-all';
import { verifyItem } from '@/lib/verify/verify-item';
import { freshPostgres, REDIS_URL } from '../support/db';
import { as, people, releaseTemplate } from './runs-fixtures';

const MD = `# Cache release

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

describe('Verify all against the real Redis and PostgreSQL', () => {
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

  it('verifies every open bound item once, leaves stage-locked and unbound ones, and says what it could not run', async () => {
    const who = await people(store.db);
    const template = await releaseTemplate(store.db, 'Verify all', MD);
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

    // Pressed again: the done item is left alone, the failed one is tried again.
    const again = await verifyAll(store.db, as(who.eng), run.id);
    expect([...again.done, ...again.failed]).toEqual([byText('Redis holds').id]);
    await expect(verifyAll(store.db, as(who.viewer), run.id)).rejects.toMatchObject({ code: 'forbidden' });
  });
});
