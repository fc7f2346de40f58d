import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type NotificationsConfig, parseNotificationsSection } from '@/lib/config/notifications';
import { ManualClock, setClock } from '@/lib/core/clock';
import {
  Dispatcher,
  listDeliveries,
  recordNotificationEvent,
  redeliver,
  sendTest,
  setFollowing,
} from '@/lib/notify';
import { sendTo } from '@/lib/notify/channels';
import { claimDue } from '@/lib/notify/deliveries';
import { recordRunNotificationsOnWrite } from '@/lib/notify/run-events';
import { createRun, getRun, setItemState } from '@/lib/runs';
import { freshPostgres } from '../support/db';
import { type MailServer, type Receiver, startMailServer, startReceiver } from '../support/notify-receivers';
import { as, type People, people, releaseTemplate } from './runs-fixtures';

const SECRET = 'test-secret-0123456789';
const PUBLIC = 'https://liftoff.example.io';

/**
 * Deliveries against real receivers started here: signatures and delivery ids, retries on a
 * schedule driven by a manual clock, a hanging receiver next to a healthy one, SMTP, the Slack
 * shape, and a sender that dies mid-send.
 */
describe('notification delivery', () => {
  let store: Awaited<ReturnType<typeof freshPostgres>>;
  let p: People;
  let clock: ManualClock;
  const receivers: Receiver[] = [];
  let mail: MailServer;

  beforeAll(async () => {
    // What start-up wires: every run write records its notifications in its transaction.
    recordRunNotificationsOnWrite();
    store = await freshPostgres();
    p = await people(store.db);
    mail = await startMailServer();
  });
  afterAll(async () => {
    await mail.close();
    await store.close();
  });
  beforeEach(() => {
    clock = new ManualClock(Date.now());
    setClock(clock);
  });
  afterEach(async () => {
    setClock(undefined);
    await Promise.all(receivers.splice(0).map((r) => r.close()));
  });

  const receiver = async (opts: Parameters<typeof startReceiver>[0] = {}) => {
    const r = await startReceiver(opts);
    receivers.push(r);
    return r;
  };

  const configWith = (
    channels: Record<string, unknown>,
    events = ['health.unhealthy'],
  ): NotificationsConfig =>
    parseNotificationsSection({ channels, routes: [{ events, channels: Object.keys(channels) }] }, [
      'local',
      'production',
    ]);

  const dispatcher = (
    config: NotificationsConfig,
    extra: Partial<ConstructorParameters<typeof Dispatcher>[0]> = {},
  ) => new Dispatcher({ db: store.db, config: () => config, publicUrl: PUBLIC, random: () => 0.5, ...extra });

  const unhealthy = (reasons = ['redis:cache is unreachable: connection refused']) =>
    store.db.transaction((tx) =>
      recordNotificationEvent(tx, {
        type: 'health.unhealthy',
        environment: 'production',
        facts: { status: 'unhealthy', previous: 'healthy', reasons },
      }),
    );

  const deliveriesOf = async (eventId: string) =>
    (await listDeliveries(store.db, { limit: 200 })).filter((d) => d.eventId === eventId);

  it('signs the webhook body, and the delivery id stays the same across retries: 500 three times, then 200', async () => {
    const hook = await receiver({
      secret: SECRET,
      answer: (n) => (n <= 3 ? { status: 500, body: 'boom' } : { status: 200 }),
    });
    const d = dispatcher(configWith({ hook: { type: 'webhook', url: hook.url, secret: SECRET } }));
    const eventId = await unhealthy();
    await d.settle();
    expect(hook.received).toHaveLength(1);
    // Nothing more until the retry is due (about 10 s, here exactly: no jitter).
    clock.advance(9_000);
    await d.settle();
    expect(hook.received).toHaveLength(1);
    for (const wait of [1_000, 60_000, 300_000]) {
      clock.advance(wait);
      await d.settle();
    }
    expect(hook.received).toHaveLength(4);
    const [delivery] = await deliveriesOf(eventId);
    expect(delivery).toMatchObject({
      state: 'delivered',
      attempts: 4,
      channel: 'hook',
      event: 'health.unhealthy',
    });
    expect(delivery!.attemptLog.map((a) => [a.outcome, a.statusCode])).toEqual([
      ['failed', 500],
      ['failed', 500],
      ['failed', 500],
      ['delivered', 200],
    ]);
    expect(delivery!.attemptLog[0]).toMatchObject({ response: 'boom', error: 'answered 500' });
    // Every attempt: same delivery id, valid signature, the event named in the header.
    expect(new Set(hook.deliveryIds())).toEqual(new Set([delivery!.id]));
    expect(hook.received.every((r) => r.signatureOk)).toBe(true);
    expect(hook.received[0]!.headers['x-liftoff-event']).toBe('health.unhealthy');
    expect(hook.received[0]!.json).toMatchObject({
      id: eventId,
      type: 'health.unhealthy',
      environment: 'production',
      summary: 'production is unhealthy',
      health: {
        status: 'unhealthy',
        previous: 'healthy',
        reasons: ['redis:cache is unreachable: connection refused'],
      },
    });
    // A tampered body would not verify.
    expect(hook.received[0]!.body.length).toBeGreaterThan(0);
  });

  it('a hanging receiver times out and is retried later; the other channel is not held up', async () => {
    const slow = await receiver({ answer: () => 'hang' });
    const fast = await receiver();
    const d = dispatcher(
      configWith({
        slow: { type: 'webhook', url: slow.url, secret: SECRET, timeout: '400ms' },
        fast: { type: 'webhook', url: fast.url, secret: SECRET },
      }),
    );
    const eventId = await unhealthy();
    const started = performance.now();
    await d.step();
    await fast.waitFor(1);
    // The healthy channel answered long before the hanging one's timeout.
    expect(performance.now() - started).toBeLessThan(400);
    await d.drain();
    const byChannel = Object.fromEntries((await deliveriesOf(eventId)).map((x) => [x.channel, x]));
    expect(byChannel.fast).toMatchObject({ state: 'delivered', attempts: 1 });
    expect(byChannel.slow).toMatchObject({
      state: 'failed',
      attempts: 1,
      lastError: 'no answer within 0.4 s',
    });
    expect(Date.parse(byChannel.slow!.nextAttemptAt!) - clock.now().getTime()).toBe(10_000);
    expect(slow.received).toHaveLength(1);
  });

  it('does not follow redirects and reads only the start of an answer', async () => {
    const moved = await receiver({
      answer: () => ({ status: 301, headers: { location: 'http://127.0.0.1:1/elsewhere' } }),
    });
    const chatty = await receiver({ answer: () => ({ status: 200, body: 'x'.repeat(2_000_000) }) });
    const d = dispatcher(
      configWith({
        moved: { type: 'webhook', url: moved.url, secret: SECRET },
        chatty: { type: 'webhook', url: chatty.url, secret: SECRET },
      }),
    );
    const eventId = await unhealthy();
    await d.settle();
    const byChannel = Object.fromEntries((await deliveriesOf(eventId)).map((x) => [x.channel, x]));
    expect(byChannel.moved).toMatchObject({
      state: 'failed',
      lastStatus: 301,
      lastError: 'answered 301: redirects are not followed',
    });
    expect(byChannel.chatty).toMatchObject({ state: 'delivered' });
    expect(byChannel.chatty!.attemptLog[0]!.response!.length).toBeLessThanOrEqual(300);
  });

  it('posts the Slack Block Kit shape: header, linked run title, fields, who acted', async () => {
    const slack = await receiver();
    const config = configWith({ ops: { type: 'slack', url: slack.url } }, ['item.failed']);
    const templateId = (await releaseTemplate(store.db, 'Slack shape')).id;
    const { run } = await createRun(store.db, as(p.eng), {
      templateId,
      title: 'v0.1.7 <prod> & co',
      environment: 'production',
    });
    const item = (await getRun(store.db, run.id)).items[0]!;
    await setItemState(store.db, as(p.eng), run.id, item.id, { state: 'failed', note: 'backup job red' });
    await dispatcher(config).settle();
    await slack.waitFor(1);
    const body = slack.received[0]!.json as {
      text: string;
      blocks: { type: string; [k: string]: unknown }[];
    };
    expect(body.text).toBe(`"${item.text}" failed in "v0.1.7 <prod> & co" by Ada`);
    expect(body.blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'context']);
    expect(body.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Item failed' } });
    // The title links to the run; mrkdwn control characters are escaped.
    expect(body.blocks[1]).toMatchObject({
      text: {
        type: 'mrkdwn',
        text: expect.stringContaining(`*<${PUBLIC}/runs/${run.id}|v0.1.7 &lt;prod&gt; &amp; co>*`),
      },
    });
    const fields = (body.blocks[2] as unknown as { fields: { type: string; text: string }[] }).fields.map(
      (f) => f.text,
    );
    expect(fields).toEqual(
      expect.arrayContaining([
        '*Status*\nin progress',
        '*Environment*\nproduction',
        `*Item*\n${item.text} (backup job red)`,
      ]),
    );
    expect(body.blocks[3]).toMatchObject({
      elements: [{ type: 'mrkdwn', text: expect.stringMatching(/^by Ada · /) }],
    });
  });

  it('sends email through SMTP: the same content as text and HTML, to the channel and to followers', async () => {
    const config = configWith(
      { mail: { type: 'email', to: ['release@example.io'], smtp: mail.url, from: 'liftoff@example.io' } },
      ['run.started'],
    );
    const templateId = (await releaseTemplate(store.db, 'Mail')).id;
    const { run } = await createRun(store.db, as(p.eng), {
      templateId,
      title: 'Mail run',
      environment: 'production',
    });
    await setFollowing(store.db, run.id, p.viewer.userId, true);
    const before = mail.mails.length;
    await dispatcher(config).settle();
    await mail.waitFor(before + 2);
    const mine = mail.mails.slice(before);
    expect(mine.map((x) => x.to[0]).sort()).toEqual(['release@example.io', p.viewer.email].sort());
    const m = mine.find((x) => x.to[0] === 'release@example.io')!;
    expect(mine.find((x) => x.to[0] === p.viewer.email)!.text).toBe(m.text);
    expect(m).toMatchObject({
      from: 'liftoff@example.io',
      to: ['release@example.io'],
      subject: '[Liftoff] Run "Mail run" started by Ada (production)',
    });
    expect(m.text).toContain(`Open the run: ${PUBLIC}/runs/${run.id}`);
    expect(m.text).toContain('Environment: production');
    expect(m.html).toContain(`href="${PUBLIC}/runs/${run.id}"`);
    expect(m.html).toContain('<td>production</td>');
    expect(m.headers.get('x-liftoff-event')).toBe('run.started');
  });

  it('a sender that dies mid-send: the delivery is sent once more, with the same id, after its lease', async () => {
    const hook = await receiver({ secret: SECRET });
    const config = configWith({ hook: { type: 'webhook', url: hook.url, secret: SECRET, timeout: '1s' } });
    // The first dispatcher sends, then "crashes" before it can record the answer.
    const doomed = dispatcher(config, {
      leaseMarginMs: 2_000,
      send: async (channel, claim, signal) => {
        await sendTo(
          channel,
          { deliveryId: claim.id, payload: claim.payload, recipient: claim.recipient },
          signal,
        );
        return new Promise(() => {});
      },
    });
    const eventId = await unhealthy();
    void doomed.step();
    await hook.waitFor(1);
    const survivor = dispatcher(config, { leaseMarginMs: 2_000 });
    await survivor.settle();
    expect(hook.received).toHaveLength(1); // the lease (1 s + 2 s) still holds
    clock.advance(3_001);
    await survivor.settle();
    expect(hook.received).toHaveLength(2);
    const [delivery] = await deliveriesOf(eventId);
    expect(new Set(hook.deliveryIds())).toEqual(new Set([delivery!.id]));
    expect(delivery).toMatchObject({ state: 'delivered', attempts: 2 });
    expect(delivery!.attemptLog.map((a) => a.outcome)).toEqual(['interrupted', 'delivered']);
  });

  it('a dead channel opens its circuit: its deliveries wait instead of each timing out', async () => {
    const dead = await receiver({ answer: () => ({ status: 503 }) });
    const d = dispatcher(configWith({ dead: { type: 'webhook', url: dead.url, secret: SECRET } }), {
      breaker: { threshold: 3, cooldownMs: 30_000, maxCooldownMs: 60_000 },
      maxInFlight: 1,
    });
    for (let i = 0; i < 6; i++) await unhealthy();
    await d.settle();
    // Three failures open the breaker; the other three deliveries are not tried.
    expect(dead.received).toHaveLength(3);
    expect(d.breakerState('dead')).toBe('open');
    clock.advance(30_000);
    await d.settle();
    // Half-open: one trial, which fails and re-opens it for longer.
    expect(dead.received).toHaveLength(4);
    expect(d.breakerState('dead')).toBe('open');
  });

  it('rate-limits a channel: a burst is spread over time', async () => {
    const hook = await receiver();
    const d = dispatcher(
      configWith({ hook: { type: 'webhook', url: hook.url, secret: SECRET, rate: '2/s' } }),
    );
    for (let i = 0; i < 5; i++) await unhealthy();
    await d.settle();
    expect(hook.received).toHaveLength(2);
    clock.advance(1_000);
    await d.settle();
    expect(hook.received).toHaveLength(4);
    clock.advance(500);
    await d.settle();
    expect(hook.received).toHaveLength(5);
  });

  it('test messages and Redeliver go to the one channel, same delivery id', async () => {
    const hook = await receiver({ secret: SECRET });
    const config = configWith({ hook: { type: 'webhook', url: hook.url, secret: SECRET } });
    const { deliveryId } = await sendTest(store.db, config, 'hook', p.admin);
    const d = dispatcher(config);
    await d.settle();
    expect(hook.received[0]!.json).toMatchObject({
      type: 'test',
      summary: `Test notification from Liftoff, sent by Root to hook`,
    });
    await redeliver(store.db, deliveryId);
    await d.settle();
    expect(hook.deliveryIds()).toEqual([deliveryId, deliveryId]);
    await expect(sendTest(store.db, config, 'nope', p.admin)).rejects.toMatchObject({ code: 'not_found' });
    await expect(redeliver(store.db, '00000000-0000-0000-0000-000000000000')).rejects.toMatchObject({
      code: 'not_found',
    });
    // Claimed but not finished: Redeliver waits for the attempt.
    await redeliver(store.db, deliveryId);
    await claimDue(store.db, 'hook', 1, clock.now(), 60_000);
    await expect(redeliver(store.db, deliveryId)).rejects.toMatchObject({ code: 'conflict' });
  });
});
