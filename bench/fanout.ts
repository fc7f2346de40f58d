/**
 * 200 SSE subscribers split across two instances; one writer on instance A ticks an item every
 * 100 ms. Latency from the write leaving the writer to the event arriving at each subscriber,
 * for subscribers on A and on B (through Redis). Target: p95 < 100 ms across instances.
 */
import { createApiKey } from '../lib/auth/apikeys';
import { STREAM_LIMITS } from '../lib/live/sse';
import { client, ensureBuild, openEvents, seedCluster, startInstance } from '../tests/support/cluster';
import { freshPostgres, REDIS_URL } from '../tests/support/db';
import { type BenchResult, ms, percentiles } from './stats';

const SUBSCRIBERS = 200;
const WRITES = Number(process.env.BENCH_WRITES ?? 50);

export async function run(): Promise<BenchResult> {
  ensureBuild();
  const store = await freshPostgres();
  const { key, templateId, user } = await seedCluster(store.db, 10);
  // Live streams are capped per API key (a browser tab needs one): one key per few subscribers.
  const viewerKeys = await Promise.all(
    Array.from(
      { length: Math.ceil(SUBSCRIBERS / STREAM_LIMITS.perViewer) },
      async (_, k) => (await createApiKey(store.db, user.id, `fanout-${k}`)).key,
    ),
  );
  const redis = `${REDIS_URL}/6`;
  const [a, b] = await Promise.all([
    startInstance({ DATABASE_URL: store.url, REDIS_URL: redis }),
    startInstance({ DATABASE_URL: store.url, REDIS_URL: redis }),
  ]);
  try {
    const api = client(a.url, key);
    const created = await api.post('/api/v1/runs', { templateId, title: 'fanout bench' });
    const { id, items } = created.body as { id: string; items: { id: string }[] };
    const subs = Array.from({ length: SUBSCRIBERS }, (_, i) => ({
      on: i % 2 ? 'B' : 'A',
      s: openEvents(i % 2 ? b.url : a.url, viewerKeys[i % viewerKeys.length]!, id),
    }));
    await Promise.all(subs.map((x) => x.s.ready));
    await new Promise((r) => setTimeout(r, 500));
    // Each write flips one item, so every write is a real change with exactly one event.
    const sentAt = new Map<string, number>();
    for (let n = 0; n < WRITES; n++) {
      const itemId = items[n % items.length]!.id;
      const t = performance.now();
      const res = await api.patch(`/api/v1/runs/${id}/items/${itemId}`, {
        state: Math.floor(n / items.length) % 2 ? 'open' : 'done',
      });
      sentAt.set(`${itemId}@${(res.body as { version: number }).version}`, t);
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 1_000));
    const delays = { A: [] as number[], B: [] as number[] };
    let missing = 0;
    for (const { on, s } of subs) {
      for (const [k, t] of sentAt) {
        const e = s.events.find((x) => {
          const d = x.data as { subject?: string; after?: { version?: number } };
          return x.type === 'item.state' && `${d.subject}@${d.after?.version}` === k;
        });
        if (e) delays[on as 'A' | 'B'].push(e.receivedAt - t);
        else missing++;
      }
      s.close();
    }
    const pa = percentiles(delays.A);
    const pb = percentiles(delays.B);
    const pass = pb.p95 < 100 && missing === 0;
    return {
      name: 'fanout',
      pass,
      lines: [
        `${SUBSCRIBERS} subscribers (100 per instance), ${WRITES} writes on instance A, ${missing} events missing`,
        `same instance (A): p50 ${ms(pa.p50)}  p95 ${ms(pa.p95)}`,
        `other instance (B, via Redis): p50 ${ms(pb.p50)}  p95 ${ms(pb.p95)}  target p95 < 100 ms: ${pass ? 'PASS' : 'FAIL'}`,
      ],
    };
  } finally {
    await Promise.all([a.stop(), b.stop()]);
    await store.close();
  }
}
