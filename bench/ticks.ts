/**
 * 50 concurrent writers ticking items against one instance (PostgreSQL + Redis), over HTTP with
 * an API key, in three load models:
 * - paced at 1 s: each writer ticks every second (50 ticks/s, already far above a team's pace)
 *   — the latency engineers see; target p99 < 25 ms on 2 cores and < 2x the bare baseline's;
 * - paced at 250 ms: 200 ticks/s, a stress figure;
 * - saturated: each writer sends its next tick as soon as the last returns — the throughput
 *   ceiling (latency there is queueing: 50 / throughput); target ≥ 60 % of the baseline's.
 * Baseline in the same run: bench/baseline-server.ts, a bare node:http server doing the same
 * tick through the same lib/auth and lib/runs code against the same PostgreSQL and Redis. Each
 * load model runs against the baseline and then Liftoff, back to back, so both see the same
 * machine. BENCH_CPU_PROF=<dir> writes a CPU profile of the Liftoff instance there;
 * BENCH_NODE_ARGS="--flag …" starts the Liftoff instance with those node flags (experiments).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { client, ensureBuild, seedCluster, startInstance, stopChild } from '../tests/support/cluster';
import { freshPostgres, REDIS_URL } from '../tests/support/db';
import { freePort } from '../tests/support/probe-servers';
import { type BenchResult, ms, percentiles, ratio } from './stats';

const WRITERS = 50;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);

const PACE_MS = 1_000;
const STRESS_PACE_MS = 250;

/** Runs `op` from 50 writers for `seconds`; with `paceMs`, each writer starts one op per period. */
async function load(seconds: number, op: (w: number, n: number) => Promise<number>, paceMs = 0) {
  const samples: number[] = [];
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, w) => {
      // Spread the writers over the period so they do not all fire at once.
      if (paceMs) await new Promise((r) => setTimeout(r, (w * paceMs) / WRITERS));
      for (let n = 0; performance.now() < end; n++) {
        const t = performance.now();
        const status = await op(w, n);
        if (status === 200) samples.push(performance.now() - t);
        const rest = paceMs - (performance.now() - t);
        if (rest > 0) await new Promise((r) => setTimeout(r, rest));
      }
    }),
  );
  return samples;
}

/** The bare node:http server (bench/baseline-server.ts) in its own process, like an instance. */
async function startBaseline(env: Record<string, string>) {
  const port = await freePort();
  const root = path.resolve(import.meta.dirname, '..');
  const child: ChildProcess = spawn(
    process.execPath,
    ['--conditions=react-server', '--import', 'tsx', 'bench/baseline-server.ts', String(port)],
    {
      cwd: root,
      env: { ...process.env, ...env, NODE_ENV: 'production', LIFTOFF_LOG_LEVEL: 'error' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (d) => String(d).includes('listening') && resolve());
    child.once('exit', () => reject(new Error(`baseline server exited: ${stderr}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => stopChild(child),
  };
}

const rate = (n: number, seconds: number) => (n / seconds).toFixed(0);

export async function run(): Promise<BenchResult> {
  ensureBuild();
  const store = await freshPostgres();
  const { key, templateId } = await seedCluster(store.db, WRITERS);
  const env = { DATABASE_URL: store.url, REDIS_URL: `${REDIS_URL}/6` };
  const prof = process.env.BENCH_CPU_PROF;
  const instance = await startInstance(env, [
    ...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
    ...(prof ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(prof)}`] : []),
  ]);
  const baseline = await startBaseline(env);
  try {
    const api = client(instance.url, key);
    const bare = client(baseline.url, key);
    const ops = async (c: ReturnType<typeof client>) => {
      const created = await api.post('/api/v1/runs', { templateId, title: 'tick bench' });
      const { id, items } = created.body as { id: string; items: { id: string }[] };
      return {
        me: () => c.get('/api/v1/me').then((r) => r.status),
        tick: (w: number, n: number) =>
          c
            .patch(`/api/v1/runs/${id}/items/${items[w]!.id}`, { state: n % 2 ? 'open' : 'done' })
            .then((r) => r.status),
        // What the run page sends: every tick carries a fresh Idempotency-Key.
        keyed: (w: number, n: number) =>
          c
            .patch(
              `/api/v1/runs/${id}/items/${items[w]!.id}`,
              { state: n % 2 ? 'open' : 'done' },
              {
                'idempotency-key': randomUUID(),
              },
            )
            .then((r) => r.status),
      };
    };
    const lift = await ops(api);
    const base = await ops(bare);
    const both = async (seconds: number, pick: 'me' | 'tick' | 'keyed', pace = 0) => {
      const b = percentiles(await load(seconds, base[pick], pace));
      const l = percentiles(await load(seconds, lift[pick], pace));
      return { b, l };
    };
    await load(2, base.me); // warm up
    await load(2, lift.me);
    await load(2, base.tick, PACE_MS);
    await load(2, lift.tick, PACE_MS);
    const shortS = Math.max(3, SECONDS / 4);
    const halfS = Math.max(3, SECONDS / 2);
    const me = await both(shortS, 'me', PACE_MS);
    const paced = await both(SECONDS, 'tick', PACE_MS);
    const stress = await both(halfS, 'tick', STRESS_PACE_MS);
    const sat = await both(halfS, 'tick');
    const keyedPaced = await both(halfS, 'keyed', PACE_MS);
    const keyedSat = await both(halfS, 'keyed');
    const share = sat.l.n / sat.b.n;
    const latency = paced.l.p99 < 25 && paced.l.p99 < 2 * paced.b.p99;
    const pass = latency && share >= 0.6;
    const row = (
      label: string,
      r: { b: ReturnType<typeof percentiles>; l: ReturnType<typeof percentiles> },
    ) => [
      `${label}: baseline p50 ${ms(r.b.p50)}  p99 ${ms(r.b.p99)} | Liftoff p50 ${ms(r.l.p50)} (${ratio(r.l.p50, r.b.p50)})  p99 ${ms(r.l.p99)} (${ratio(r.l.p99, r.b.p99)})`,
    ];
    return {
      name: 'ticks',
      pass,
      lines: [
        ...row(`GET /api/v1/me, ${WRITERS} × 1/s`, me),
        ...row(`ticks ${WRITERS} × 1/s (${rate(paced.l.n, SECONDS)}/s, ${SECONDS} s)`, paced),
        `  target p99 < 25 ms and < 2x baseline: ${latency ? 'PASS' : 'FAIL'}`,
        ...row(`ticks ${WRITERS} × 4/s (${rate(stress.l.n, halfS)}/s)`, stress),
        `saturated ticks, ${WRITERS} back to back: baseline ${rate(sat.b.n, halfS)}/s (p99 ${ms(sat.b.p99)}) | Liftoff ${rate(sat.l.n, halfS)}/s (p99 ${ms(sat.l.p99)}) = ${(share * 100).toFixed(0)} % of baseline  target ≥ 60 %: ${share >= 0.6 ? 'PASS' : 'FAIL'}`,
        ...row(`ticks with an Idempotency-Key (as the run page sends them), ${WRITERS} × 1/s`, keyedPaced),
        `saturated keyed ticks: baseline ${rate(keyedSat.b.n, halfS)}/s | Liftoff ${rate(keyedSat.l.n, halfS)}/s = ${((keyedSat.l.n / keyedSat.b.n) * 100).toFixed(0)} % of baseline`,
      ],
    };
  } finally {
    await baseline.stop();
    await instance.stop();
    await store.close();
  }
}
