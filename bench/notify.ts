/**
 * Notifications: events written to the outbox, dispatched to three channels (webhook, Slack
 * format, email over SMTP) whose receivers run in a child process.
 * - throughput: 1,000 events already in the outbox when the dispatcher starts; events/s until
 *   all 3,000 deliveries arrived, and the dispatcher process's CPU per delivery;
 * - latency: 1,000 events written at 50/s (150 deliveries/s), commit to arrival at the receiver (p50/p95/p99),
 *   woken by the write (the leading instance) and by the 250 ms poll alone (a write on another
 *   instance); target p95 < 1 s;
 * - the same with a fourth channel whose receiver never answers (2 s timeout): the three
 *   healthy channels' p95 must not move.
 */
import { fork } from 'node:child_process';
import path from 'node:path';
import { type NotificationsConfig, parseNotificationsSection } from '../lib/config/notifications';
import { rowsOf } from '../lib/db/client';
import { Dispatcher, recordNotificationEvent } from '../lib/notify';
import { onOutboxWrite, outboxWritten } from '../lib/notify/outbox';
import { freshPostgres } from '../tests/support/db';
import { type BenchResult, ms, percentiles } from './stats';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1000);
const RATE = Number(process.env.BENCH_RATE ?? 50);
const TARGET_P95_MS = 1_000;
const SECRET = 'bench-webhook-secret-0123';

type Urls = { hook: string; slack: string; mail: string; dead: string };
type Arrival = { channel: string; delivery: string; at: number };
const epoch = () => performance.timeOrigin + performance.now();

function startReceivers() {
  const child = fork(path.join(import.meta.dirname, 'notify-receivers.ts'), {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = <T>(type: string) =>
    new Promise<T>((resolve) => {
      const on = (m: { type: string } & Record<string, unknown>) => {
        if (m.type !== type) return;
        child.off('message', on);
        resolve(m as T);
      };
      child.on('message', on);
    });
  return {
    ready: next<{ urls: Urls }>('ready').then((m) => m.urls),
    dump: async () => {
      const reply = next<{ records: Arrival[] }>('records');
      child.send({ type: 'dump' });
      return (await reply).records;
    },
    stop: () => child.send({ type: 'exit' }),
  };
}

function configFor(urls: Urls, withDead: boolean): NotificationsConfig {
  const channels: Record<string, unknown> = {
    hook: { type: 'webhook', url: urls.hook, secret: SECRET, rate: '10000/s' },
    slack: { type: 'slack', url: urls.slack, rate: '10000/s' },
    mail: {
      type: 'email',
      to: ['ops@example.io'],
      smtp: urls.mail,
      from: 'liftoff@example.io',
      rate: '10000/s',
    },
  };
  if (withDead)
    channels.dead = { type: 'webhook', url: urls.dead, secret: SECRET, timeout: '2s', rate: '10000/s' };
  return parseNotificationsSection(
    { channels, routes: [{ events: ['health.unhealthy'], channels: Object.keys(channels) }] },
    ['production', 'local'],
  );
}

export async function run(): Promise<BenchResult> {
  const store = await freshPostgres();
  const receivers = startReceivers();
  const urls = await receivers.ready;
  const committed = new Map<string, number>();
  const write = async () => {
    const id = await store.db.transaction((tx) =>
      recordNotificationEvent(tx, {
        type: 'health.unhealthy',
        environment: 'production',
        facts: {
          status: 'unhealthy',
          previous: 'healthy',
          reasons: ['redis:cache is unreachable: connection refused'],
        },
      }),
    );
    committed.set(id, epoch());
    return id;
  };
  const deliveryEvents = async () =>
    new Map(
      rowsOf<{ id: string; event_id: string }>(
        await store.db.execute('SELECT id, event_id FROM notification_deliveries'),
      ).map((r) => [r.id, r.event_id]),
    );
  const waitFor = async (count: number, channels: string[], timeoutMs = 120_000) => {
    const arrivals: Arrival[] = [];
    const deadline = Date.now() + timeoutMs;
    while (arrivals.filter((a) => channels.includes(a.channel)).length < count && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      arrivals.push(...(await receivers.dump()));
    }
    return arrivals;
  };
  const latencies = async (arrivals: Arrival[], channels: string[]) => {
    const events = await deliveryEvents();
    return arrivals
      .filter((a) => channels.includes(a.channel))
      .map((a) => a.at - committed.get(events.get(a.delivery) ?? '')!)
      .filter((v) => Number.isFinite(v));
  };
  const healthy = ['hook', 'slack', 'mail'];

  async function paced(label: string, config: NotificationsConfig, wake: boolean) {
    const d = new Dispatcher({ db: store.db, config: () => config, publicUrl: 'http://localhost:3000' });
    if (wake) onOutboxWrite(() => d.wake());
    d.start();
    const start = performance.now();
    for (let i = 0; i < EVENTS; i++) {
      const due = start + (i * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      await write();
      outboxWritten();
    }
    const arrivals = await waitFor(EVENTS * healthy.length, healthy);
    onOutboxWrite(undefined);
    await d.stop();
    const p = percentiles(await latencies(arrivals, healthy));
    const each: string[] = [];
    for (const c of healthy) each.push(`${c} ${ms(percentiles(await latencies(arrivals, [c])).p95)}`);
    return {
      label,
      p,
      line: `${label}: p50 ${ms(p.p50)}  p95 ${ms(p.p95)}  p99 ${ms(p.p99)}  (${p.n} deliveries; p95 ${each.join(', ')})`,
    };
  }

  try {
    // Throughput: a full outbox, then the dispatcher alone.
    for (let i = 0; i < EVENTS; i++) await write();
    const d = new Dispatcher({
      db: store.db,
      config: () => configFor(urls, false),
      publicUrl: 'http://localhost:3000',
    });
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    d.start();
    await waitFor(EVENTS * healthy.length, healthy);
    const seconds = (performance.now() - t0) / 1000;
    const used = process.cpuUsage(cpu);
    await d.stop();
    const cpuPerDelivery = (used.user + used.system) / 1000 / (EVENTS * healthy.length);

    const woken = await paced(
      `${RATE} events/s, 3 channels, woken by the write`,
      configFor(urls, false),
      true,
    );
    const polled = await paced(
      `${RATE} events/s, 3 channels, 250 ms poll only`,
      configFor(urls, false),
      false,
    );
    const withDead = await paced(
      `${RATE} events/s, 3 channels + 1 that never answers`,
      configFor(urls, true),
      true,
    );
    const pass =
      woken.p.p95 < TARGET_P95_MS && polled.p.p95 < TARGET_P95_MS && withDead.p.p95 < TARGET_P95_MS;
    return {
      name: 'notify',
      pass,
      lines: [
        `throughput: ${EVENTS} events × 3 channels from a full outbox in ${seconds.toFixed(2)} s: ${(EVENTS / seconds).toFixed(0)} events/s, ${((EVENTS * 3) / seconds).toFixed(0)} deliveries/s`,
        `  dispatcher CPU ${cpuPerDelivery.toFixed(3)} ms per delivery (expansion, claim, send, record; receivers in another process)`,
        woken.line,
        polled.line,
        withDead.line,
        `  a dead channel adds ${ms(withDead.p.p95 - woken.p.p95)} to the healthy channels' p95; target p95 < ${TARGET_P95_MS} ms: ${pass ? 'PASS' : 'FAIL'}`,
      ],
    };
  } finally {
    receivers.stop();
    await store.close();
  }
}
