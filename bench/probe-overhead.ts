/**
 * Probe overhead. (1) The Redis `ping` probe's reported latency next to the raw round trip
 * `redis-benchmark -t ping -n 10000 -c 1` measures against the same server in the same run,
 * and next to a plain ioredis PING. Target: probe p50 within 2x of redis-benchmark's p50.
 * (2) The scheduler's CPU with 200 targets at 5 s intervals for 20 s (after a warm-up),
 * against a Redis and two HTTP instances in other processes, samples written to PostgreSQL.
 *
 *   npx tsx --conditions=react-server bench/probe-overhead.ts
 *   import { run } from './probe-overhead' for the bench runner ({ name, lines, pass })
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import {
  DEFAULT_THRESHOLDS,
  type HttpTarget,
  type RedisTarget,
  type Target,
  type TargetsConfig,
} from '../lib/config/targets';
import { Monitor } from '../lib/monitor';
import { closeProbeClients, redisProbe } from '../lib/probes';
import { freshPostgres } from '../tests/support/db';
import { freePort, startRedisServer } from '../tests/support/probe-servers';
import { type BenchResult, ms, percentiles, ratio, timeEach } from './stats';

const N = 10_000;
const PROBES = 2_000;
const TARGETS = 200;
const INTERVAL_MS = 5_000;
const WARMUP_MS = 5_000;
const MEASURE_MS = 20_000;

/** p50 per command from `redis-benchmark -q` ("PING_MBULK: 30303.03 requests per second, p50=0.031 msec"). */
function redisBenchmarkPing(port: number): { inline: number | null; mbulk: number | null } {
  const run = spawnSync(
    'redis-benchmark',
    ['-h', '127.0.0.1', '-p', String(port), '-t', 'ping', '-n', String(N), '-c', '1', '-q'],
    { encoding: 'utf8', timeout: 120_000 },
  );
  const p50 = (name: string) => {
    const m = run.stdout?.match(new RegExp(`${name}: [^\\n]*?p50=([\\d.]+) msec`));
    return m?.[1] ? Number(m[1]) : null;
  };
  return { inline: p50('PING_INLINE'), mbulk: p50('PING_MBULK') };
}

/** Two HTTP instances in a child process, so their CPU is not counted as the scheduler's. */
async function startInstances(): Promise<{ urls: string[]; stop: () => void }> {
  const ports = [await freePort(), await freePort()];
  const script = `
    const http = require('node:http');
    for (const port of ${JSON.stringify(ports)}) {
      http.createServer((req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"status":"ok"}');
      }).listen(port, '127.0.0.1', () => process.stdout.write('up ' + port + '\\n'));
    }`;
  const child: ChildProcess = spawn(process.execPath, ['-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if ((seen.match(/up /g) ?? []).length === ports.length) resolve();
    });
    child.once('exit', (code) => reject(new Error(`http instances exited with ${code}`)));
  });
  return { urls: ports.map((p) => `http://127.0.0.1:${p}`), stop: () => child.kill('SIGKILL') };
}

/** Half http targets (two instances each), half redis targets: 300 probes every 5 s. */
function benchConfig(redisUrl: string, urls: string[]): TargetsConfig {
  const targets: Target[] = [];
  const timing = { environment: 'bench', intervalMs: INTERVAL_MS, timeoutMs: 2_000 };
  for (let i = 0; i < TARGETS / 2; i++) {
    const http: HttpTarget = {
      ...timing,
      key: `http:api-${i}`,
      name: `api-${i}`,
      kind: 'http',
      instances: urls.map((url, n) => ({ name: `api-${n + 1}`, url })),
      healthPath: '/health',
    };
    const redis: RedisTarget = {
      ...timing,
      key: `redis:cache-${i}`,
      name: `cache-${i}`,
      kind: 'redis',
      url: redisUrl,
    };
    targets.push(http, redis);
  }
  return {
    source: { type: 'default' },
    environments: {
      bench: {
        name: 'bench',
        thresholds: { ...DEFAULT_THRESHOLDS },
        targets: Object.fromEntries(targets.map((t) => [t.key, t])),
      },
    },
  };
}

async function schedulerCpu(redisUrl: string) {
  const [store, instances] = await Promise.all([freshPostgres(), startInstances()]);
  const config = benchConfig(redisUrl, instances.urls);
  const monitor = new Monitor({ store, config: () => config });
  try {
    monitor.start();
    await sleep(WARMUP_MS);
    const probesBefore = monitor.scheduler.stats.probes;
    const writtenBefore = monitor.writer.stats.written;
    const cpu = process.cpuUsage();
    const wall = performance.now();
    await sleep(MEASURE_MS);
    const used = process.cpuUsage(cpu);
    const wallMs = performance.now() - wall;
    const cpuMs = (used.user + used.system) / 1000;
    return {
      leader: monitor.isLeader,
      percent: (cpuMs / wallMs) * 100,
      cpuMs,
      wallMs,
      probes: monitor.scheduler.stats.probes - probesBefore,
      skipped: monitor.scheduler.stats.skipped,
      failures: monitor.scheduler.stats.failures,
      written: monitor.writer.stats.written - writtenBefore,
    };
  } finally {
    await monitor.stop();
    instances.stop();
    await store.close();
  }
}

export async function run(): Promise<BenchResult> {
  const server = await startRedisServer();
  const raw = new Redis(server.url, { maxRetriesPerRequest: 0 });
  const target: RedisTarget = {
    key: 'redis:bench',
    name: 'bench',
    kind: 'redis',
    environment: 'bench',
    url: server.url,
    intervalMs: INTERVAL_MS,
    timeoutMs: 2_000,
  };
  try {
    for (let i = 0; i < 1_000; i++) await raw.ping(); // warm up
    for (let i = 0; i < 300; i++) await redisProbe.run(target, { kind: 'redis', op: 'ping' });

    const cli = redisBenchmarkPing(server.port);
    const ioredis = percentiles(await timeEach(N, () => raw.ping()));
    const reported: number[] = [];
    const calls = percentiles(
      await timeEach(PROBES, async () => {
        const r = await redisProbe.run(target, { kind: 'redis', op: 'ping' });
        if (r.ok) reported.push(r.latencyMs);
      }),
    );
    const probe = percentiles(reported);
    const cliAgain = redisBenchmarkPing(server.port);
    const baseline = cli.mbulk ?? cli.inline;
    const pass = baseline !== null && probe.n === PROBES && probe.p50 <= 2 * baseline;

    const cpu = await schedulerCpu(server.url);
    const cliLine = (label: string, c: typeof cli) =>
      c.mbulk === null
        ? `${label}: redis-benchmark not installed or no output`
        : `${label}: redis-benchmark -t ping -n ${N} -c 1: PING_MBULK p50 ${ms(c.mbulk)}, PING_INLINE p50 ${ms(c.inline ?? Number.NaN)}`;
    return {
      name: 'probe-overhead',
      pass,
      lines: [
        cliLine('before', cli),
        cliLine('after', cliAgain),
        `ioredis raw PING (same run): p50 ${ms(ioredis.p50)}  p99 ${ms(ioredis.p99)}`,
        `ping probe, reported latency (n=${probe.n}): p50 ${ms(probe.p50)}  p99 ${ms(probe.p99)}`,
        `  vs redis-benchmark p50: ${baseline === null ? 'n/a' : ratio(probe.p50, baseline)}; vs ioredis raw p50: ${ratio(probe.p50, ioredis.p50)}`,
        `ping probe, whole call (3 PINGs, deadline, result): p50 ${ms(calls.p50)}  p99 ${ms(calls.p99)}`,
        `target: probe p50 within 2x of redis-benchmark: ${pass ? 'PASS' : 'FAIL'}`,
        `scheduler, ${TARGETS} targets (${TARGETS / 2} http x 2 instances + ${TARGETS / 2} redis) every ${INTERVAL_MS / 1000} s, ${Math.round(cpu.wallMs / 1000)} s measured${cpu.leader ? '' : ' (NOT LEADER)'}:`,
        `  CPU ${cpu.percent.toFixed(2)}% of one core (${Math.round(cpu.cpuMs)} ms CPU), ${cpu.probes} target probes, ${cpu.written} samples written, ${(cpu.cpuMs / Math.max(1, cpu.written)).toFixed(3)} ms CPU per sample, ${cpu.skipped} skipped ticks, ${cpu.failures} failed probes`,
      ],
    };
  } finally {
    raw.disconnect();
    await closeProbeClients();
    await server.dispose();
  }
}

async function main(): Promise<number> {
  const result = await run();
  console.log(`\n== ${result.name} ${result.pass ? '(target met)' : '(TARGET MISSED)'}`);
  for (const line of result.lines) console.log(`  ${line}`);
  return result.pass ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    (code) => process.exit(code),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
