/**
 * 50 concurrent writers ticking items for 20 s against one instance (PostgreSQL + Redis), over
 * HTTP with an API key, in three load models:
 * - paced at 1 s: each writer ticks every second (50 ticks/s, already far above a team's pace)
 *   — the latency engineers see; target p99 < 25 ms on 2 cores;
 * - paced at 250 ms: 200 ticks/s, a stress figure;
 * - saturated: each writer sends its next tick as soon as the last returns — the throughput
 *   ceiling (latency there is queueing: 50 / throughput).
 * Baseline in the same run: the same 1 s load reading GET /api/v1/me (auth and routing, no write).
 */
import { client, ensureBuild, seedCluster, startInstance } from '../tests/support/cluster';
import { freshPostgres, REDIS_URL } from '../tests/support/db';
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

export async function run(): Promise<BenchResult> {
  ensureBuild();
  const store = await freshPostgres();
  const { key, templateId } = await seedCluster(store.db, WRITERS);
  const instance = await startInstance({ DATABASE_URL: store.url, REDIS_URL: `${REDIS_URL}/6` });
  try {
    const api = client(instance.url, key);
    const created = await api.post('/api/v1/runs', { templateId, title: 'tick bench' });
    const { id, items } = created.body as { id: string; items: { id: string }[] };
    const me = () => api.get('/api/v1/me').then((r) => r.status);
    const tick = (w: number, n: number) =>
      api
        .patch(`/api/v1/runs/${id}/items/${items[w]!.id}`, { state: n % 2 ? 'open' : 'done' })
        .then((r) => r.status);
    await load(2, me); // warm up
    const base = percentiles(await load(Math.max(3, SECONDS / 4), me, PACE_MS));
    const paced = percentiles(await load(SECONDS, tick, PACE_MS));
    const stress = percentiles(await load(Math.max(3, SECONDS / 2), tick, STRESS_PACE_MS));
    const saturated = percentiles(await load(Math.max(3, SECONDS / 2), tick));
    const t = paced;
    const pass = t.p99 < 25;
    return {
      name: 'ticks',
      pass,
      lines: [
        `baseline GET /api/v1/me, ${WRITERS} writers every ${PACE_MS} ms: p50 ${ms(base.p50)}  p99 ${ms(base.p99)}`,
        `paced ticks, ${WRITERS} writers every ${PACE_MS} ms, ${SECONDS} s: ${t.n} writes (${(t.n / SECONDS).toFixed(0)}/s)`,
        `  p50 ${ms(t.p50)} (${ratio(t.p50, base.p50)} baseline)  p99 ${ms(t.p99)} (${ratio(t.p99, base.p99)})  target p99 < 25 ms: ${pass ? 'PASS' : 'FAIL'}`,
        `stress ticks, ${WRITERS} writers every ${STRESS_PACE_MS} ms (${(stress.n / Math.max(3, SECONDS / 2)).toFixed(0)}/s): p50 ${ms(stress.p50)}  p99 ${ms(stress.p99)}`,
        `saturated ticks, ${WRITERS} writers back to back: ${(saturated.n / Math.max(3, SECONDS / 2)).toFixed(0)} writes/s, p50 ${ms(saturated.p50)}  p99 ${ms(saturated.p99)}`,
      ],
    };
  } finally {
    await instance.stop();
    await store.close();
  }
}
