import { describe, expect, it } from 'vitest';
import { formatCheck } from '@/lib/checks/format';
import { parseCheck } from '@/lib/checks/parser';
import { validateCheck } from '@/lib/checks/policy';
import { parseTargetsConfig, publicTargets, TargetsConfigError, targetSecrets } from '@/lib/config/targets';

const FILE = '/etc/liftoff.yml';
const targets = (entries: string) => `environments:\n  production:\n    targets:\n      ${entries}\n`;
const read = (entries: string) => parseTargetsConfig(targets(entries), FILE, {}).environments.production!;

describe('tcp targets in the targets file', () => {
  it('reads { host, port } as one instance named host:port, and instances as listed', () => {
    expect(read('tcp:redis-port: { host: redis.internal, port: 6379 }').targets['tcp:redis-port']).toEqual({
      key: 'tcp:redis-port',
      kind: 'tcp',
      name: 'redis-port',
      environment: 'production',
      instances: [{ name: 'redis.internal:6379', host: 'redis.internal', port: 6379 }],
      intervalMs: 10_000,
      timeoutMs: 2_000,
    });
    const listed = read(
      'tcp:api: { instances: ["api-1:8000", "[::1]:8000", { name: api-3, host: 10.0.0.3, port: "8000" }], timeout: 500ms }',
    ).targets['tcp:api'];
    expect(listed).toMatchObject({
      timeoutMs: 500,
      instances: [
        { name: 'api-1:8000', host: 'api-1', port: 8000 },
        { name: '[::1]:8000', host: '::1', port: 8000 },
        { name: 'api-3', host: '10.0.0.3', port: 8000 },
      ],
    });
  });

  it('shows the addresses (they hold no secrets) and scrubs nothing of them', () => {
    const config = parseTargetsConfig(
      targets('tcp:api: { instances: ["api-1:8000", "[::1]:8000"] }'),
      FILE,
      {},
    );
    expect(publicTargets(config).environments[0]?.targets[0]).toMatchObject({
      key: 'tcp:api',
      kind: 'tcp',
      instances: [
        { name: 'api-1:8000', address: 'api-1:8000' },
        { name: '[::1]:8000', address: '[::1]:8000' },
      ],
    });
    expect(targetSecrets(config.environments.production!.targets['tcp:api']!)).toEqual([]);
  });

  it.each([
    ['tcp:x: { host: a }', 'environments.production.targets.tcp:x: needs either host and port, or instances'],
    [
      'tcp:x: { host: a, port: 1, instances: ["a:1"] }',
      'environments.production.targets.tcp:x: needs either host and port, or instances',
    ],
    ['tcp:x: { host: a, port: 70000 }', 'environments.production.targets.tcp:x.port: a port from 1 to 65535'],
    [
      'tcp:x: { host: "a b", port: 1 }',
      'environments.production.targets.tcp:x.host: not a host name or IP address',
    ],
    [
      'tcp:x: { instances: ["nope"] }',
      'environments.production.targets.tcp:x.instances.0: not a host:port address',
    ],
    [
      'tcp:x: { instances: ["::1:80"] }',
      'environments.production.targets.tcp:x.instances.0: not a host:port address',
    ],
    [
      'tcp:x: { instances: ["a:1", { name: "a:1", host: b, port: 2 }] }',
      'environments.production.targets.tcp:x.instances.1: duplicate instance "a:1"; give each a name',
    ],
    ['tcp:x: { url: "tcp://a:1" }', 'environments.production.targets.tcp:x: unknown key "url"'],
  ])('refuses %j with one line naming the path', (entry, problem) => {
    expect(() => read(entry)).toThrow(TargetsConfigError);
    expect(() => read(entry)).toThrow(`LIFTOFF_CONFIG ${FILE}: ${problem}`);
  });
});

describe('tcp checks', () => {
  it('parse and format back: connect with conditions, free without', () => {
    const connect = parseCheck('tcp:redis-port  CONNECT  [LATENCY] < 50ms');
    expect(connect).toMatchObject({ ok: true, check: { probe: { kind: 'tcp', op: 'connect' } } });
    expect(connect.ok && formatCheck(connect.check)).toBe('tcp:redis-port connect [LATENCY] < 50ms');
    const free = parseCheck('tcp:redis-port free');
    expect(free).toMatchObject({ ok: true, check: { probe: { kind: 'tcp', op: 'free' }, conditions: [] } });
  });

  it('explains what tcp does not offer', () => {
    expect(parseCheck('tcp:db conect')).toMatchObject({
      ok: false,
      error: {
        message: expect.stringMatching(
          /unknown probe "conect" for tcp.*connect, free \(did you mean connect\?\)/,
        ),
      },
    });
    expect(parseCheck('tcp:db connect [STATUS] == 200')).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/\[STATUS\] is only available in http checks/) },
    });
    expect(parseCheck('tcp:db connect 6379')).toMatchObject({ ok: false });
    expect(validateCheck('tcp:self connect')?.message).toMatch(
      /tcp:self is Liftoff itself and answers only fixed probes \(none\)/,
    );
  });
});
