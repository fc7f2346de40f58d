/**
 * Reads under a crowd: 500 browsers (500 sessions) watch one 500-item run on one instance
 * through its event stream while 10 writers tick items (each once a second) and readers load
 * the run (`GET /api/v1/runs/:id`, 10 a second, as browsers do when they open or refocus it).
 * Measured over BENCH_SECONDS (default 20) after everyone is connected:
 * - event delivery: from a tick leaving its writer to its event arriving at each viewer;
 * - the instance's RSS (peak) and CPU (its whole process tree);
 * - `GET /api/v1/runs/:id` latency (body read, gzip accepted as browsers do).
 * Targets: event p95 < 250 ms, RSS < 600 MB, GET p95 < 50 ms. BENCH_CPU_PROF=<dir> profiles the instance.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createSession, SESSION_COOKIE } from '@/lib/auth/sessions';
import { createUser } from '@/lib/auth/users';
import { client, ensureBuild, seedCluster, startInstance } from '../tests/support/cluster';
import { freshPostgres, REDIS_URL } from '../tests/support/db';
import { type BenchResult, ms, percentiles } from './stats';

const VIEWERS = Number(process.env.BENCH_VIEWERS ?? 500);
const ITEMS = 500;
const WRITERS = 10;
const READS_PER_S = 10;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const USERS = 20;

const EVENT_RE = /"subject":"([^"]+)".*"after":\{[^}]*?"version":(\d+)/;

interface Arrival {
  key: string;
  at: number;
}

/** A viewer's event stream over plain node:http (lighter than fetch for 500 of them). */
function openStream(base: string, cookie: string, runId: string) {
  const arrivals: Arrival[] = [];
  let req: http.ClientRequest | undefined;
  const ready = new Promise<void>((resolve, reject) => {
    req = http.get(
      `${base}/api/v1/runs/${runId}/events`,
      { headers: { cookie, accept: 'text/event-stream' }, agent: false },
      (res) => {
        if (res.statusCode !== 200) return reject(new Error(`events: HTTP ${res.statusCode}`));
        res.setEncoding('utf8');
        let buffer = '';
        res.on('data', (chunk: string) => {
          const at = performance.now();
          buffer += chunk;
          let cut = buffer.indexOf('\n\n');
          while (cut >= 0) {
            const block = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            if (block.includes('event: item.state')) {
              // A regex, not JSON.parse: 500 streams in this process must not make it the bottleneck.
              const m = EVENT_RE.exec(block);
              if (m) arrivals.push({ key: `${m[1]}@${m[2]}`, at });
            }
            cut = buffer.indexOf('\n\n');
          }
        });
        res.on('error', () => {});
        resolve();
      },
    );
    req.on('error', reject);
  });
  return { arrivals, ready, close: () => req?.destroy() };
}

/** CPU ticks (user + system) and RSS of a process and its descendants. */
function treeUsage(rootPid: number) {
  const children = new Map<number, number[]>();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(d)]);
    } catch {}
  }
  let ticks = 0;
  let rssKb = 0;
  const visit = (pid: number) => {
    try {
      const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
      const rss = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      rssKb += Number(rss?.[1] ?? 0);
    } catch {}
    for (const c of children.get(pid) ?? []) visit(c);
  };
  visit(rootPid);
  return { cpuMs: ticks * 10, rssMb: rssKb / 1024 };
}

/** Time to the last byte of the run's JSON, gzip accepted as a browser does (not inflated here). */
function getRunTimed(
  base: string,
  cookie: string,
  runId: string,
): Promise<{ ms: number; bytes: number } | null> {
  const t = performance.now();
  return new Promise((resolve) => {
    const req = http.get(
      `${base}/api/v1/runs/${runId}`,
      { headers: { cookie, 'accept-encoding': 'gzip' } },
      (res) => {
        let bytes = 0;
        res.on('data', (c: Buffer) => {
          bytes += c.length;
        });
        res.on('end', () => resolve(res.statusCode === 200 ? { ms: performance.now() - t, bytes } : null));
      },
    );
    req.on('error', () => resolve(null));
  });
}

export async function run(): Promise<BenchResult> {
  ensureBuild();
  const store = await freshPostgres();
  const { key, templateId, user } = await seedCluster(store.db, ITEMS);
  const prof = process.env.BENCH_CPU_PROF;
  const instance = await startInstance(
    { DATABASE_URL: store.url, REDIS_URL: `${REDIS_URL}/7` },
    prof ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(prof)}`] : [],
  );
  const streams: ReturnType<typeof openStream>[] = [];
  try {
    const api = client(instance.url, key);
    const created = await api.post('/api/v1/runs', { templateId, title: 'crowd bench' });
    const { id, items } = created.body as { id: string; items: { id: string }[] };
    // 20 people, 25 tabs each: every tab its own session, as 500 browsers would have.
    const users = [user];
    for (let u = 1; u < USERS; u++) {
      users.push(
        await createUser(store.db, {
          email: `crowd-${u}-${Date.now()}@example.io`,
          name: `Viewer ${u}`,
          password: 'crowd-password-1',
          roles: ['viewer'],
        }),
      );
    }
    const cookies: string[] = [];
    for (let v = 0; v < VIEWERS; v++) {
      const { token } = await createSession({ db: store.db, redis: null }, users[v % USERS]!.id, 2);
      cookies.push(`${SESSION_COOKIE}=${token}`);
    }
    for (let v = 0; v < VIEWERS; v += 50) {
      const batch = cookies.slice(v, v + 50).map((c) => openStream(instance.url, c, id));
      await Promise.all(batch.map((s) => s.ready));
      streams.push(...batch);
    }
    await new Promise((r) => setTimeout(r, 2_000)); // presence joins settle
    for (let i = 0; i < 5; i++) await getRunTimed(instance.url, cookies[0]!, id); // warm up

    const sentAt = new Map<string, number>();
    const gets: number[] = [];
    let getBytes = 0;
    // This process's own event-loop delay: when it is high, the latencies above include it.
    const lag = monitorEventLoopDelay({ resolution: 10 });
    lag.enable();
    const end = performance.now() + SECONDS * 1000;
    const before = treeUsage(instance.pid);
    let peakRss = before.rssMb;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, treeUsage(instance.pid).rssMb);
    }, 1_000);
    const t0 = performance.now();
    const writers = Array.from({ length: WRITERS }, async (_, w) => {
      await new Promise((r) => setTimeout(r, (w * 1000) / WRITERS));
      for (let n = 0; performance.now() < end; n++) {
        const t = performance.now();
        const itemId = items[w]!.id;
        const res = await api.patch(`/api/v1/runs/${id}/items/${itemId}`, { state: n % 2 ? 'open' : 'done' });
        if (res.status === 200) sentAt.set(`${itemId}@${(res.body as { version: number }).version}`, t);
        const rest = 1_000 - (performance.now() - t);
        if (rest > 0) await new Promise((r) => setTimeout(r, rest));
      }
    });
    const readers = Array.from({ length: 2 }, async (_, r) => {
      await new Promise((res) => setTimeout(res, r * 100));
      for (let n = 0; performance.now() < end; n++) {
        const t = performance.now();
        const took = await getRunTimed(instance.url, cookies[(r * 7 + n) % VIEWERS]!, id);
        if (took !== null) {
          gets.push(took.ms);
          getBytes = took.bytes;
        }
        const rest = 2_000 / READS_PER_S - (performance.now() - t);
        if (rest > 0) await new Promise((res) => setTimeout(res, rest));
      }
    });
    await Promise.all([...writers, ...readers]);
    const wallMs = performance.now() - t0;
    await new Promise((r) => setTimeout(r, 1_000)); // the last events arrive
    clearInterval(sampler);
    lag.disable();
    const after = treeUsage(instance.pid);
    peakRss = Math.max(peakRss, after.rssMb);

    const delays: number[] = [];
    let missing = 0;
    for (const s of streams) {
      const got = new Map(s.arrivals.map((a) => [a.key, a.at]));
      for (const [k, t] of sentAt) {
        const at = got.get(k);
        if (at === undefined) missing++;
        else delays.push(at - t);
      }
    }
    const ev = percentiles(delays);
    const get = percentiles(gets);
    const cpu = ((after.cpuMs - before.cpuMs) / wallMs) * 100;
    const pass = ev.p95 < 250 && peakRss < 600 && get.p95 < 50 && missing === 0;
    return {
      name: 'crowd',
      pass,
      lines: [
        `${VIEWERS} viewers (SSE, ${USERS} users × ${VIEWERS / USERS} sessions) of one ${ITEMS}-item run, ${WRITERS} writers × 1 tick/s, ${READS_PER_S} GET/s, ${SECONDS} s`,
        `event delivery (${sentAt.size} writes × ${VIEWERS} viewers): p50 ${ms(ev.p50)}  p95 ${ms(ev.p95)}  p99 ${ms(ev.p99)}  missing ${missing}  target p95 < 250 ms`,
        `GET /api/v1/runs/:id (n=${get.n}, ${(getBytes / 1024).toFixed(0)} KiB gzipped): p50 ${ms(get.p50)}  p95 ${ms(get.p95)}  max ${ms(get.max)}  target p95 < 50 ms`,
        `load generator's own event-loop delay: p99 ${ms(lag.percentile(99) / 1e6)}`,
        `instance: peak RSS ${peakRss.toFixed(0)} MB (target < 600 MB), CPU ${cpu.toFixed(0)} % of one core`,
      ],
    };
  } finally {
    for (const s of streams) s.close();
    await instance.stop();
    await store.close();
  }
}
