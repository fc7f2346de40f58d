import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseNotificationsConfig, routedChannels } from '@/lib/config/notifications';

const ENVS = `environments:\n  production:\n    targets: {}\n`;
const file = (notifications: string) => `${ENVS}notifications:\n${notifications}`;
const parse = (notifications: string, env: Record<string, string> = {}) =>
  parseNotificationsConfig(file(notifications), 'targets.yml', env);
const v = (name: string) => ['$', `{${name}}`].join(''); // the file's own interpolation syntax

describe('notifications configuration', () => {
  it('reads channels with secrets from the environment, routes and the repeat period', () => {
    const config = parse(
      `  channels:
    ops-slack: { type: slack, url: "${v('SLACK_URL')}" }
    pager-hook: { type: webhook, url: "https://hooks.example.com/liftoff", secret: "${v('HOOK_SECRET')}", timeout: 2s, rate: 30/min }
    release-mail: { type: email, to: [release@example.com], smtp: "${v('SMTP_URL')}", from: liftoff@example.com }
  routes:
    - { events: [health.unhealthy, health.recovered], environments: [production], channels: [ops-slack, pager-hook] }
    - { events: [run.ready_for_signoff], channels: [release-mail, ops-slack] }
  health: { suppressRepeats: 30m }
`,
      {
        SLACK_URL: 'https://hooks.slack.com/services/T0/B0/secret',
        HOOK_SECRET: 'a-very-long-hook-secret',
        SMTP_URL: 'smtp://user:pw@mail:587',
      },
    );
    expect(config.channels['pager-hook']).toMatchObject({
      type: 'webhook',
      secret: 'a-very-long-hook-secret',
      timeoutMs: 2_000,
      rate: { perSecond: 0.5, burst: 1 },
    });
    expect(config.channels['ops-slack']).toMatchObject({
      type: 'slack',
      timeoutMs: 5_000,
      rate: { perSecond: 1 },
    });
    expect(config.health.suppressRepeatsMs).toBe(30 * 60_000);
    expect(routedChannels(config, 'health.unhealthy', 'production').map((c) => c.name)).toEqual([
      'ops-slack',
      'pager-hook',
    ]);
    expect(routedChannels(config, 'health.unhealthy', 'staging')).toEqual([]);
    expect(routedChannels(config, 'run.ready_for_signoff', 'staging').map((c) => c.name)).toEqual([
      'release-mail',
      'ops-slack',
    ]);
  });

  it('no section, no channels', () => {
    expect(parseNotificationsConfig(ENVS, 'targets.yml', {})).toMatchObject({ channels: {}, routes: [] });
  });

  it.each([
    [
      `  channels:\n    hook: { type: webhook, url: "${v('NOPE')}", secret: xxxxxxxxxxxxxxxxxxxx }\n`,
      `notifications.channels.hook.url: ${v('NOPE')} is not set`,
    ],
    [
      '  channels:\n    hook: { type: pager }\n',
      'notifications.channels.hook.type: must be webhook, slack or email',
    ],
    [
      '  channels:\n    hook: { type: webhook, url: "ftp://x", secret: xxxxxxxxxxxxxxxxxxxx }\n',
      'notifications.channels.hook.url: not an http:// or https:// URL',
    ],
    [
      '  channels:\n    hook: { type: webhook, url: "https://x.io", secret: short }\n',
      'notifications.channels.hook.secret: must be at least 16 characters (use a long random string)',
    ],
    [
      '  channels:\n    hook: { type: slack, url: "https://x.io", rate: fast }\n',
      'notifications.channels.hook.rate: "fast" is not a rate like 20/s or 30/min',
    ],
    [
      '  channels:\n    mail: { type: email, to: [], smtp: "smtp://m", from: a@b.io }\n',
      'notifications.channels.mail.to: needs at least one address',
    ],
    [
      '  channels:\n    Mail: { type: slack, url: "https://x.io" }\n',
      'notifications.channels.Mail: channel names use lowercase letters, digits, "-" and "_"',
    ],
    [
      '  channels:\n    s: { type: slack, url: "https://x.io", color: red }\n',
      'notifications.channels.s: unknown key "color"',
    ],
    [
      '  routes:\n    - { events: [trigger.fire], channels: [x] }\n',
      'notifications.routes.0.events.0: must be one of',
    ],
    [
      '  channels:\n    s: { type: slack, url: "https://x.io" }\n  routes:\n    - { events: [run.started], channels: [t] }\n',
      'notifications.routes.0.channels.0: unknown channel "t"; configured: s',
    ],
    [
      '  channels:\n    s: { type: slack, url: "https://x.io" }\n  routes:\n    - { events: [run.started], environments: [prod], channels: [s] }\n',
      'notifications.routes.0.environments.0: unknown environment "prod"; configured: production, local',
    ],
  ])('%s is refused with one line naming the field', (section, message) => {
    expect(() => parse(section)).toThrow(message);
  });

  it('a bad channel stops npm start with one line naming the file and the field', () => {
    const path = `/tmp/liftoff-bad-notify-${process.pid}.yml`;
    writeFileSync(path, file('  channels:\n    hook: { type: webhook, url: "https://x.io" }\n'));
    const run = spawnSync(
      process.execPath,
      ['--conditions=react-server', '--import', 'tsx', 'scripts/start.ts'],
      {
        env: { ...process.env, LIFTOFF_CONFIG: path, PORT: '3997' },
        encoding: 'utf8',
        timeout: 30_000,
      },
    );
    expect(run.status).toBe(1);
    const lines = run.stderr
      .trim()
      .split('\n')
      .filter((l) => !l.startsWith('npm warn'));
    expect(lines).toEqual([
      `liftoff: bad configuration: LIFTOFF_CONFIG ${path}: notifications.channels.hook.secret: is required`,
    ]);
  });
});
