/**
 * Rollback triggers. (1) The watcher's CPU on one leader: 500 bound triggers across 50 gated
 * runs, each due every 5 s, against 5 metrics endpoints in another process, evaluated by the
 * same round function the leader runs every second. Target < 10 % of one core. (2) The time
 * from a metric crossing its threshold (`for 0s`, probe interval 1 s) to the trigger's event in
 * a browser stream on the other instance of two real instances. Target p95 < 2 s.
 *
 *   npm run bench -- triggers
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TargetsConfig } from '../lib/config/targets';
import { closeProbeClients } from '../lib/probes';
import { evaluateDueWatches } from '../lib/rollout/watcher';
import { createRun } from '../lib/runs';
import { importTemplate } from '../lib/templates/store';
import { configOf, prometheusTarget } from '../tests/integration/monitor-fixtures';
import { FAILURE_TRIGGER, ROLLOUT_MD, rolloutModel } from '../tests/integration/rollout-fixtures';
import { people } from '../tests/integration/runs-fixtures';
import { client, ensureBuild, openEvents, seedCluster, startInstance } from '../tests/support/cluster';
import { freshPostgres, REDIS_URL } from '../tests/support/db';
import { freePort } from '../tests/support/probe-servers';
import { type BenchResult, ms, percentiles } from './stats';

const RUNS = 50;
const TRIGGERS_PER_RUN = 10;
const ENDPOINTS = 5;
const INTERVAL_MS = 5_000;
const MEASURE_MS = 20_000;
const CROSSINGS = Number(process.env.BENCH_CROSSINGS ?? 20);

/** Metrics endpoints in a child process: `GET /metrics`, `POST /set?name=value`. */
async function startMetricsProcess(count: number) {
  const ports = await Promise.all(Array.from({ length: count }, () => freePort()));
  const script = `
    const http = require('node:http');
    const values = { failure_ratio: 0.01, read_ratio: 0.9 };
    for (let i = 0; i < 100; i++) values['ratio_' + i] = 0.01;
    for (const port of ${JSON.stringify(ports)}) {
      http.createServer((req, res) => {
        const url = new URL(req.url, 'http://x');
        if (url.pathname === '/set') {
          for (const [k, v] of url.searchParams) values[k] = Number(v);
          res.end('ok');
          return;
        }
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
        res.end(Object.entries(values).map(([k, v]) => k + ' ' + v).join('\\n') + '\\n');
      }).listen(port, '127.0.0.1', () => process.stdout.write('up\\n'));
    }`;
  const child: ChildProcess = spawn(process.execPath, ['-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let up = 0;
  await new Promise<void>((resolve) =>
    child.stdout!.on('data', (d: Buffer) => {
      up += String(d).split('up').length - 1;
      if (up >= count) resolve();
    }),
  );
  const urls = ports.map((p) => `http://127.0.0.1:${p}`);
  return {
    urls,
    set: (name: string, value: number) => fetch(`${urls[0]}/set?${name}=${value}`).then((r) => r.text()),
    stop: () => child.kill(),
  };
}

async function leaderCpu(): Promise<{ cpuPct: number; perEval: number; evaluated: number }> {
  const metrics = await startMetricsProcess(ENDPOINTS);
  const store = await freshPostgres();
  try {
    const environments: Record<string, ReturnType<typeof prometheusTarget>[]> = {
      production: metrics.urls.map((url, i) =>
        prometheusTarget('production', `api-${i}`, `${url}/metrics`, {
          intervalMs: INTERVAL_MS,
          timeoutMs: 2_000,
        }),
      ),
    };
    const config: TargetsConfig = configOf(environments);
    const p = await people(store.db);
    const model = rolloutModel();
    model.stages![1]!.triggers = Array.from({ length: TRIGGERS_PER_RUN }, (_, i) => ({
      ...FAILURE_TRIGGER,
      id: `t${i}`,
      check: `prometheus:api-${i % ENDPOINTS} ratio_${i} / (ratio_${i} + 1) > 0.5 for 2m`,
    }));
    const { template } = await importTemplate(store.db, {
      name: 'bench',
      source: ROLLOUT_MD,
      model,
      actorId: null,
    });
    for (let r = 0; r < RUNS; r++) {
      await createRun(
        store.db,
        { principal: p.eng },
        {
          templateId: template.id,
          title: `run ${r}`,
          environment: 'production',
          gated: false,
        },
      );
    }
    // Warm up: the first round evaluates everything at once.
    await evaluateDueWatches(store.db, config);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    let evaluated = 0;
    while (performance.now() - t0 < MEASURE_MS) {
      evaluated += (await evaluateDueWatches(store.db, config)).evaluated;
      await sleep(1_000);
    }
    const cpu = process.cpuUsage(cpu0);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const wall = performance.now() - t0;
    return { cpuPct: (cpuMs / wall) * 100, perEval: cpuMs / Math.max(1, evaluated), evaluated };
  } finally {
    await closeProbeClients();
    metrics.stop();
    await store.close();
  }
}

async function crossingToBrowser(): Promise<number[]> {
  ensureBuild();
  const metrics = await startMetricsProcess(1);
  const store = await freshPostgres();
  const dir = mkdtempSync(path.join(tmpdir(), 'liftoff-bench-'));
  const config = path.join(dir, 'targets.yml');
  writeFileSync(
    config,
    `environments:\n  production:\n    targets:\n      prometheus:api: { url: "${metrics.urls[0]}/metrics", interval: 1s }\n`,
  );
  const { key } = await seedCluster(store.db, 1);
  const model = rolloutModel();
  model.stages![1]!.triggers = [
    { ...FAILURE_TRIGGER, id: 'failure-ratio', check: 'prometheus:api failure_ratio > 0.05', for: undefined },
  ];
  const { template } = await importTemplate(store.db, {
    name: 'bench',
    source: ROLLOUT_MD,
    model,
    actorId: null,
  });
  const env = { DATABASE_URL: store.url, REDIS_URL: `${REDIS_URL}/6`, LIFTOFF_CONFIG: config };
  const [a, b] = await Promise.all([startInstance(env), startInstance(env)]);
  const delays: number[] = [];
  try {
    const created = await client(a.url, key).post('/api/v1/runs', {
      templateId: template.id,
      title: 'crossing bench',
      environment: 'production',
      gated: false,
    });
    const runId = created.body.id as string;
    // Both instances' browsers: the delay is measured on whichever does not lead.
    const streams = [openEvents(a.url, key, runId), openEvents(b.url, key, runId)];
    await Promise.all(streams.map((s) => s.ready));
    await sleep(2_500);
    for (let n = 0; n < CROSSINGS; n++) {
      for (const [value, type] of [
        [0.2, 'trigger.fire'],
        [0.01, 'trigger.resolve'],
      ] as const) {
        const seen = streams.map((s) => s.events.filter((e) => e.type === type).length);
        // Crossings land anywhere within the probe interval.
        await sleep(Math.random() * 1_000);
        const t = performance.now();
        await metrics.set('failure_ratio', value);
        await Promise.all(
          streams.map((s, i) =>
            s.waitFor((events) => events.filter((e) => e.type === type).length > seen[i]!, 10_000),
          ),
        );
        if (type === 'trigger.fire') {
          const arrivals = streams.map((s) => s.events.filter((e) => e.type === type).at(-1)!.receivedAt - t);
          delays.push(Math.max(...arrivals));
        }
      }
    }
    for (const s of streams) s.close();
    return delays;
  } finally {
    await Promise.all([a.stop(), b.stop()]);
    metrics.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<BenchResult> {
  const cpu = await leaderCpu();
  const delays = await crossingToBrowser();
  const d = percentiles(delays);
  const cpuPass = cpu.cpuPct < 10;
  const delayPass = d.p95 < 2_000;
  return {
    name: 'triggers',
    pass: cpuPass && delayPass,
    lines: [
      `${RUNS * TRIGGERS_PER_RUN} bound triggers across ${RUNS} runs, due every ${INTERVAL_MS / 1000} s, ${ENDPOINTS} metrics endpoints`,
      `leader CPU ${cpu.cpuPct.toFixed(1)} % of one core (${cpu.evaluated} evaluations in ${MEASURE_MS / 1000} s, ${ms(cpu.perEval)} CPU each)  target < 10 %: ${cpuPass ? 'PASS' : 'FAIL'}`,
      `metric crosses → trigger.fire in a browser stream on both instances (probe interval 1 s, ${d.n} crossings): p50 ${ms(d.p50)}  p95 ${ms(d.p95)}  max ${ms(d.max)}  target p95 < 2 s: ${delayPass ? 'PASS' : 'FAIL'}`,
    ],
  };
}
