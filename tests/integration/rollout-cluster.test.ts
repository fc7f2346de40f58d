import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEADER_KEY } from '@/lib/monitor';
import { listAudit } from '@/lib/runs';
import { importTemplate } from '@/lib/templates/store';
import {
  client,
  ensureBuild,
  type Instance,
  openEvents,
  seedCluster,
  startInstance,
} from '../support/cluster';
import { freshPostgres } from '../support/db';
import { type HttpInstanceServer, type RedisServer, startRedisServer } from '../support/probe-servers';
import { waitFor } from './monitor-fixtures';
import { FAILURE_TRIGGER, ROLLOUT_MD, rolloutModel, startMetrics } from './rollout-fixtures';

type Store = Awaited<ReturnType<typeof freshPostgres>>;

/**
 * Two real instances watch a rollback trigger against a real metrics endpoint: the leader
 * evaluates it, both instances' browsers see it fire; when the leader dies the other instance
 * takes over and resolves it, and nothing fires twice.
 */
describe('rollback triggers across two instances', () => {
  let store: Store;
  let redis: RedisServer;
  let metrics: HttpInstanceServer;
  const values = { read_ratio: 0.9, failure_ratio: 0.01 };
  let dir: string;
  let a: Instance;
  let b: Instance;
  let key: string;
  let templateId: string;

  beforeAll(async () => {
    ensureBuild();
    [store, redis, metrics] = await Promise.all([
      freshPostgres(),
      startRedisServer({ appendonly: false }),
      startMetrics(values),
    ]);
    dir = mkdtempSync(path.join(tmpdir(), 'liftoff-rollout-'));
    const config = path.join(dir, 'targets.yml');
    writeFileSync(
      config,
      `environments:\n  production:\n    targets:\n      prometheus:api: { url: "${metrics.url}/metrics", interval: 1s }\n`,
    );
    ({ key } = await seedCluster(store.db, 1));
    const model = rolloutModel();
    const immediate = {
      ...FAILURE_TRIGGER,
      id: 'failure-ratio',
      check: 'prometheus:api failure_ratio > 0.05',
      for: undefined,
    };
    model.stages![1]!.triggers = [immediate];
    ({
      template: { id: templateId },
    } = await importTemplate(store.db, {
      name: 'Canary cluster',
      source: ROLLOUT_MD,
      model,
      actorId: null,
    }));
    const env = { DATABASE_URL: store.url, REDIS_URL: redis.url, LIFTOFF_CONFIG: config };
    [a, b] = await Promise.all([startInstance(env), startInstance(env)]);
  }, 240_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await Promise.all([redis?.dispose(), metrics?.stop()]);
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('fires once, seen on both instances, and the survivor resolves it after the leader dies', async () => {
    const created = await client(a.url, key).post('/api/v1/runs', {
      templateId,
      title: 'relay to production',
      environment: 'production',
      gated: false,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const runId = created.body.id as string;
    const onA = openEvents(a.url, key, runId);
    const onB = openEvents(b.url, key, runId);
    await Promise.all([onA.ready, onB.ready]);

    values.failure_ratio = 0.2;
    const fired = (events: { type: string }[]) => events.some((e) => e.type === 'trigger.fire');
    await Promise.all([onA.waitFor(fired, 10_000), onB.waitFor(fired, 10_000)]);
    const run = await client(b.url, key).get(`/api/v1/runs/${runId}`);
    expect(run.body.firing).toBe(1);

    // Stop whichever instance leads; the other must take over the watching.
    const admin = new Redis(redis.url);
    const leaderId = await admin.get(LEADER_KEY);
    admin.disconnect();
    const [leader, survivor, survivorEvents] = leaderId?.includes(`/${a.pid}/`) ? [a, b, onB] : [b, a, onA];
    onA.close();
    onB.close();
    await leader.stop();

    const again = openEvents(survivor.url, key, runId);
    await again.ready;
    values.failure_ratio = 0.01;
    await again.waitFor((events) => events.some((e) => e.type === 'trigger.resolve'), 20_000);
    again.close();
    survivorEvents.close();

    const actions = (await listAudit(store.db, runId)).map((e) => e.action);
    expect(actions.filter((x) => x === 'trigger.fire')).toHaveLength(1);
    expect(actions.filter((x) => x === 'trigger.resolve')).toHaveLength(1);
    await waitFor('the run shows no trigger firing', async () => {
      const view = await client(survivor.url, key).get(`/api/v1/runs/${runId}`);
      return view.body.firing === 0;
    });
  }, 120_000);
});
