import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TargetsConfig, TcpTarget } from '@/lib/config/targets';
import type { Database } from '@/lib/db/client';
import { clearPanelCache, healthOverview, Monitor, sampleTarget } from '@/lib/monitor';
import { closeProbeClients, probeTarget, runCheck } from '@/lib/probes';
import { freshPostgres } from '../support/db';
import { freePort, type HttpInstanceServer, startHttpInstance } from '../support/probe-servers';
import { configOf, waitFor } from './monitor-fixtures';

/**
 * The tcp kind against real ports: one with a server listening, one where nothing listens
 * (connections are refused), and the health page built from the scheduler's samples.
 */

const ENV = 'production';

const tcpTarget = (
  name: string,
  ports: Record<string, number>,
  t = { intervalMs: 10_000, timeoutMs: 2_000 },
) =>
  ({
    key: `tcp:${name}`,
    name,
    kind: 'tcp',
    environment: ENV,
    instances: Object.entries(ports).map(([instance, port]) => ({ name: instance, host: '127.0.0.1', port })),
    ...t,
  }) satisfies TcpTarget;

describe('tcp probes against a listening and a closed port', () => {
  let server: HttpInstanceServer;
  let closed: number;
  let config: TargetsConfig;

  beforeAll(async () => {
    server = await startHttpInstance('listening');
    closed = await freePort();
    config = configOf({
      [ENV]: [
        tcpTarget('ports', { open: server.port, closed }),
        tcpTarget('open', { open: server.port }),
        tcpTarget('closed', { closed }),
      ],
    });
  });
  afterAll(async () => {
    await closeProbeClients();
    await server?.stop();
  });

  it('connect: per instance, the open port answers and the closed one is refused', async () => {
    const run = await runCheck(config, ENV, 'tcp:ports connect [LATENCY] < 2s');
    expect(run.ok).toBe(false);
    expect(run.check).toBe('tcp:ports connect [LATENCY] < 2s');
    const [open, refused] = run.results;
    expect(open).toMatchObject({ target: 'tcp:ports', instance: 'open', ok: true, value: true });
    expect(open?.latencyMs).toBeGreaterThan(0);
    expect(open?.evidence.probe.body).toEqual({ address: `127.0.0.1:${server.port}` });
    expect(refused).toMatchObject({
      instance: 'closed',
      ok: false,
      error: expect.stringMatching(/^connection refused/),
    });
    expect((await runCheck(config, ENV, 'tcp:open connect')).ok).toBe(true);
  });

  it('free: passes where nothing listens and names the address that accepts', async () => {
    const run = await runCheck(config, ENV, 'tcp:ports free');
    expect(run.results.map((r) => [r.instance, r.ok])).toEqual([
      ['open', false],
      ['closed', true],
    ]);
    expect(run.results[0]?.error).toBe(`127.0.0.1:${server.port} accepts connections: the port is in use`);
    expect(run.results[1]).toMatchObject({
      value: true,
      evidence: { probe: { body: { listening: false } } },
    });
    expect((await runCheck(config, ENV, 'tcp:closed free')).ok).toBe(true);
  });

  it('sees a port close and open again', async () => {
    await server.stop();
    try {
      expect((await runCheck(config, ENV, 'tcp:open free')).ok).toBe(true);
      expect((await runCheck(config, ENV, 'tcp:open connect')).ok).toBe(false);
    } finally {
      await server.start();
    }
    expect((await runCheck(config, ENV, 'tcp:open connect')).ok).toBe(true);
  });

  it('runs one instance on request, refuses an unknown one, and stops when cancelled', async () => {
    const target = config.environments[ENV]!.targets['tcp:ports']!;
    const connect = { kind: 'tcp', op: 'connect' } as const;
    expect(await probeTarget(target, connect, { instance: 'closed' })).toMatchObject({ ok: false });
    expect(await probeTarget(target, connect)).toMatchObject({ ok: true, value: true });
    expect(await probeTarget(target, connect, { instance: 'nope' })).toMatchObject({
      ok: false,
      error: 'unknown instance "nope" of tcp:ports',
    });
    expect(await probeTarget(target, connect, { signal: AbortSignal.abort() })).toMatchObject({
      ok: false,
      error: 'cancelled',
    });
  });

  it('samples every instance for the health page', async () => {
    const rows = await sampleTarget(config.environments[ENV]!.targets['tcp:ports']!);
    expect(rows.map((r) => [r.kind, r.instance, r.ok])).toEqual([
      ['tcp', 'open', true],
      ['tcp', 'closed', false],
    ]);
    expect(rows[1]?.error).toMatch(/^connection refused/);
  });
});

describe('tcp targets on the health page', () => {
  let store: Database & { url: string };
  let servers: HttpInstanceServer[];
  let config: TargetsConfig;
  let monitor: Monitor;
  const overview = () =>
    healthOverview({ environment: ENV, range: '15m' }, { db: store.db, config, panels: false });

  beforeAll(async () => {
    [store, ...servers] = await Promise.all([
      freshPostgres(),
      startHttpInstance('a'),
      startHttpInstance('b'),
    ]);
    const [a, b] = servers as [HttpInstanceServer, HttpInstanceServer];
    config = configOf({
      [ENV]: [
        tcpTarget('api-ports', { 'port-a': a.port, 'port-b': b.port }, { intervalMs: 400, timeoutMs: 300 }),
      ],
    });
    monitor = new Monitor({ store, config: () => config, leaseMs: 500 });
    monitor.start();
    await waitFor('a healthy overview', async () => (await overview()).status === 'healthy', 15_000);
  });
  afterAll(async () => {
    await monitor?.stop();
    await closeProbeClients();
    clearPanelCache();
    await Promise.all([store?.close(), ...(servers ?? []).map((s) => s.stop())]);
  });

  it('shows each instance, and a closed port as that instance down', async () => {
    const healthy = (await overview()).targets[0]!;
    expect(healthy).toMatchObject({ name: 'tcp:api-ports', kind: 'tcp', status: 'healthy' });
    expect(healthy.instances?.map((i) => [i.name, i.url, i.status])).toEqual([
      ['port-a', `127.0.0.1:${servers[0]!.port}`, 'up'],
      ['port-b', `127.0.0.1:${servers[1]!.port}`, 'up'],
    ]);
    await servers[1]!.stop();
    const { value: degraded } = await waitFor(
      'port-b down',
      async () => {
        const o = await overview();
        return o.targets[0]?.instances?.[1]?.status === 'down' ? o : null;
      },
      10_000,
    );
    expect(degraded.status).toBe('degraded');
    expect(degraded.reasons[0]).toMatch(/^tcp:api-ports instance port-b is down: connection refused/);
    await servers[0]!.stop();
    const { value: down } = await waitFor('all down', async () => {
      const o = await overview();
      return o.status === 'unhealthy' ? o : null;
    });
    expect(down.reasons[0]).toBe('tcp:api-ports is unreachable: all 2 instances are down');
  });
});
