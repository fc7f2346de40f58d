import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_THRESHOLDS,
  defaultTargetsConfig,
  loadTargetsConfig,
  maskUrl,
  parseTargetsConfig,
  publicTargets,
  resolveTarget,
  TargetLookupError,
  TargetsConfigError,
  targetSecrets,
} from './targets';

const FILE = '/etc/liftoff.yml';
const T = 'LIFTOFF_CONFIG /etc/liftoff.yml: ';
const targets = (lines: string) =>
  `environments:\n  production:\n    targets:\n${lines
    .split('\n')
    .map((l) => `      ${l}`)
    .join('\n')}`;

const SPEC_EXAMPLE = `
environments:
  production:
    targets:
      redis:cache: { url: "\${PROD_REDIS_URL}" }
      postgres:main: { url: "\${PROD_DATABASE_URL}" }
      http:api: { instances: ["http://api-1:8000", "http://api-2:8000"] }
      prometheus:api: { url: "http://api-1:8000/metrics" }
  staging:
    thresholds: { redisPingDegraded: 50ms, latencyTarget: 10ms, hitRateTarget: 0.8 }
    targets:
      redis:cache: { url: "redis://staging-redis:6379/1", interval: 5s, timeout: 500ms }
`;
const SECRETS = {
  PROD_REDIS_URL: 'redis://:r3dis-Pa55@redis.prod:6379/0',
  PROD_DATABASE_URL: 'postgres://app:pg%40Secret@db.prod:5432/liftoff?sslmode=require&password=qsecret',
};

describe('parseTargetsConfig', () => {
  it(`reads the SPEC example with \${ENV} interpolation and defaults`, () => {
    const config = parseTargetsConfig(SPEC_EXAMPLE, FILE, SECRETS);
    expect(config.source).toEqual({ type: 'file', path: FILE });
    const prod = config.environments.production!;
    expect(prod.thresholds).toEqual(DEFAULT_THRESHOLDS);
    expect(prod.targets['redis:cache']).toEqual({
      key: 'redis:cache',
      kind: 'redis',
      name: 'cache',
      environment: 'production',
      url: SECRETS.PROD_REDIS_URL,
      intervalMs: 10_000,
      timeoutMs: 2_000,
    });
    expect(prod.targets['http:api']).toMatchObject({
      kind: 'http',
      instances: [
        { name: 'api-1:8000', url: 'http://api-1:8000' },
        { name: 'api-2:8000', url: 'http://api-2:8000' },
      ],
    });
    expect(prod.targets['prometheus:api']).toMatchObject({ url: 'http://api-1:8000/metrics' });
    const staging = config.environments.staging!;
    expect(staging.thresholds).toEqual({
      ...DEFAULT_THRESHOLDS,
      redisPingDegradedMs: 50,
      latencyTargetMs: 10,
      hitRateTarget: 0.8,
    });
    expect(staging.targets['redis:cache']).toMatchObject({ intervalMs: 5_000, timeoutMs: 500 });
  });

  it('interpolates inside strings, with defaults and a literal escape', () => {
    const config = parseTargetsConfig(
      targets(
        [
          `redis:a: { url: "redis://\${HOST}:\${PORT:-6379}/0" }`,
          `http:b: { instances: [{ name: "x", url: "http://h:1/$\${NOT_A_VAR}" }] }`,
        ].join('\n'),
      ),
      FILE,
      { HOST: 'cache.internal' },
    );
    const env = config.environments.production!;
    expect(env.targets['redis:a']).toMatchObject({ url: 'redis://cache.internal:6379/0' });
    expect(env.targets['http:b']).toMatchObject({ instances: [{ url: `http://h:1/\${NOT_A_VAR}` }] });
  });

  it('does not let a substituted value change the document', () => {
    const injected = { URL: 'http://h:1"\n      redis:evil: { url: "redis://evil" }' };
    // The whole value lands in the one field (and is refused there); no target appears.
    expect(() => parseTargetsConfig(targets(`http:a: { url: "\${URL}" }`), FILE, injected)).toThrow(
      `${T}environments.production.targets.http:a.url: not an http:// or https:// URL`,
    );
    const config = parseTargetsConfig(targets(`http:a: { url: "http://h:1/\${P}" }`), FILE, {
      P: 'x"},redis:evil:{url:"redis://evil"',
    });
    expect(Object.keys(config.environments.production!.targets)).toEqual(['http:a']);
    expect(config.environments.production!.targets['http:a']).toMatchObject({
      instances: [{ url: 'http://h:1/x"},redis:evil:{url:"redis://evil"' }],
    });
  });

  const bad: [string, string, Record<string, string>?][] = [
    [
      targets(`redis:cache: { url: "\${PROD_REDIS_URL}" }`),
      `environments.production.targets.redis:cache.url: \${PROD_REDIS_URL} is not set`,
    ],
    [
      targets(`redis:cache: { url: "\${PROD_REDIS_URL}" }`),
      `environments.production.targets.redis:cache.url: \${PROD_REDIS_URL} is not set`,
      { PROD_REDIS_URL: '' },
    ],
    [
      targets(`redis:cache: { url: "\${PROD_REDIS_URL}" }`),
      'environments.production.targets.redis:cache.url: not a redis:// URL',
      { PROD_REDIS_URL: 'localhost:6379' },
    ],
    [
      targets(`redis:cache: { url: "\${bad-name}" }`),
      `environments.production.targets.redis:cache.url: "\${bad-name}" is not a valid \${VARIABLE} reference`,
    ],
    [
      targets('redis:cache: { url: 42 }'),
      'environments.production.targets.redis:cache.url: expected a string, got a number',
    ],
    [
      targets('postgres:main: { url: "mysql://x" }'),
      'environments.production.targets.postgres:main.url: not a postgres:// URL',
    ],
    [targets('postgres:main: {}'), 'environments.production.targets.postgres:main.url: is required'],
    [
      targets('mysql:main: { url: "x" }'),
      'environments.production.targets.mysql:main: a target is named kind:name with kind one of redis, postgres, http, prometheus, tcp (e.g. redis:cache)',
    ],
    [
      targets('cache: { url: "redis://x" }'),
      'environments.production.targets.cache: a target is named kind:name with kind one of redis, postgres, http, prometheus, tcp (e.g. redis:cache)',
    ],
    [
      targets('redis:Cache: { url: "redis://x" }'),
      'environments.production.targets.redis:Cache: invalid target name "Cache": use lowercase letters, digits, "-" and "_"',
    ],
    [
      targets('redis:cache: { url: "redis://x", interval: soon }'),
      'environments.production.targets.redis:cache.interval: "soon" is not a duration like 5s or 500ms',
    ],
    [
      targets('redis:cache: { url: "redis://x", timeout: 5m }'),
      'environments.production.targets.redis:cache.timeout: must be between 10ms and 60s',
    ],
    [
      targets('redis:cache: { url: "redis://x", timeout: true }'),
      'environments.production.targets.redis:cache.timeout: true is not a duration like 5s or 500ms',
    ],
    [
      targets('redis:cache: { url: "redis://x", interval: 100ms }'),
      'environments.production.targets.redis:cache.interval: must be between 1s and 24h',
    ],
    [
      targets('redis:cache: { url: "redis://x", passwrd: 1 }'),
      'environments.production.targets.redis:cache: unknown key "passwrd"',
    ],
    [
      targets('redis:cache: { urll: "redis://x" }'),
      'environments.production.targets.redis:cache: unknown key "urll"',
    ],
    [
      targets('redis:cache: "redis://x"'),
      'environments.production.targets.redis:cache: expected a mapping, got a string',
    ],
    [
      targets('http:api: { instances: [] }'),
      'environments.production.targets.http:api.instances: needs at least one instance',
    ],
    [
      targets('http:api: { instances: ["ftp://x"] }'),
      'environments.production.targets.http:api.instances.0: not an http:// or https:// URL',
    ],
    [
      targets('http:api: { instances: ["http://a:1?x=1"] }'),
      'environments.production.targets.http:api.instances.0: an instance URL takes no query string or fragment',
    ],
    [
      targets('http:api: { instances: ["http://a:1", { name: "b" }] }'),
      'environments.production.targets.http:api.instances.1.url: is required',
    ],
    [
      targets('http:api: { instances: ["http://a:1", "http://a:1"] }'),
      'environments.production.targets.http:api.instances.1: duplicate instance "a:1"; give each a name',
    ],
    [targets('http:api: {}'), 'environments.production.targets.http:api: needs either url or instances'],
    [
      targets('http:api: { url: "http://a", instances: ["http://b"] }'),
      'environments.production.targets.http:api: needs either url or instances',
    ],
    [
      targets('prometheus:api: { url: "redis://x" }'),
      'environments.production.targets.prometheus:api.url: not an http:// or https:// URL',
    ],
    [
      'environments:\n  production:\n    thresholds: { hitRateTarget: 2 }\n    targets: {}',
      'environments.production.thresholds.hitRateTarget: must be between 0 and 1',
    ],
    [
      'environments:\n  production:\n    thresholds: { hitRate: 0.9 }\n    targets: {}',
      'environments.production.thresholds: unknown key "hitRate"',
    ],
    [
      'environments:\n  production:\n    targets: []',
      'environments.production.targets: expected a mapping, got a list',
    ],
    ['environments:\n  production:', 'environments.production.targets: is required'],
    [
      'environments:\n  Production:\n    targets: {}',
      'environments.Production: environment names use lowercase letters, digits, "-" and "_"',
    ],
    ['environments: {}', 'environments: needs at least one environment'],
    ['environments:', 'environments: expected a mapping, got nothing'],
    ['enviroments: {}', 'unknown key "enviroments"'],
    ['', 'the file is empty; expected environments:'],
    ['- a\n- b', 'expected a mapping with environments:, got a list'],
    [
      'environments:\n  a: [1\n',
      'invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ] at line 3, column 1',
    ],
    ['environments:\n  a: 1\n  a: 2\n', 'invalid YAML: Map keys must be unique at line 3, column 3'],
  ];

  it.each(bad)('refuses %j with one line naming the path', (yaml, problem, env) => {
    let error: unknown;
    try {
      parseTargetsConfig(yaml, FILE, env ?? {});
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(TargetsConfigError);
    expect((error as Error).message).toBe(`${T}${problem}`);
    expect((error as Error).message).not.toContain('\n');
  });

  it('never puts a secret in an error message', () => {
    try {
      parseTargetsConfig(targets(`redis:cache: { url: "\${U}", timeout: nope }`), FILE, {
        U: 'redis://:hunter2@x:1',
      });
      expect.unreachable();
    } catch (err) {
      expect((err as Error).message).not.toContain('hunter2');
    }
  });
});

describe('loadTargetsConfig', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'liftoff-targets-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the file named by the path', () => {
    const file = path.join(dir, 'liftoff.yml');
    writeFileSync(file, SPEC_EXAMPLE);
    const config = loadTargetsConfig(file, SECRETS);
    // `local` (Liftoff itself) is always there unless the file defines it.
    expect(Object.keys(config.environments)).toEqual(['production', 'staging', 'local']);
  });

  it('names an unreadable file', () => {
    expect(() => loadTargetsConfig(path.join(dir, 'missing.yml'), {})).toThrow(
      `LIFTOFF_CONFIG ${path.join(dir, 'missing.yml')}: file not found`,
    );
    expect(() => loadTargetsConfig(dir, {})).toThrow(`LIFTOFF_CONFIG ${dir}: is a directory, not a file`);
  });

  it("without a file: the local environment with Liftoff's own services", () => {
    const embedded = loadTargetsConfig(undefined, { PORT: '4000' });
    expect(embedded.source).toEqual({ type: 'default' });
    const local = embedded.environments.local!;
    expect(Object.keys(local.targets)).toEqual(['postgres:self', 'http:self']);
    expect(local.targets['postgres:self']).toMatchObject({ kind: 'postgres', url: null });
    expect(local.targets['http:self']).toMatchObject({
      instances: [{ name: 'self', url: 'http://127.0.0.1:4000' }],
    });

    const scaled = loadTargetsConfig('', {
      DATABASE_URL: 'postgres://u:p@db:5432/liftoff',
      REDIS_URL: 'redis://cache:6379',
    });
    expect(Object.keys(scaled.environments.local!.targets)).toEqual([
      'postgres:self',
      'redis:self',
      'http:self',
    ]);
    expect(scaled.environments.local!.targets['postgres:self']).toMatchObject({
      url: 'postgres://u:p@db:5432/liftoff',
    });
    expect(scaled.environments.local!.targets['http:self']).toMatchObject({
      instances: [{ url: 'http://127.0.0.1:3000' }],
    });
  });
});

describe('resolveTarget', () => {
  const config = parseTargetsConfig(SPEC_EXAMPLE, FILE, SECRETS);

  it('finds configured targets by kind:name or TargetRef', () => {
    const r = resolveTarget(config, 'production', 'redis:cache');
    expect(r.ok && r.target.kind === 'redis' && r.target.url).toBe(SECRETS.PROD_REDIS_URL);
    const ref = resolveTarget(config, 'staging', { kind: 'redis', name: 'cache' });
    expect(ref.ok && ref.target.environment).toBe('staging');
  });

  it('refuses anything else with a typed error', () => {
    const target = resolveTarget(config, 'staging', 'postgres:main');
    expect(target.ok).toBe(false);
    if (target.ok) return;
    expect(target.error).toBeInstanceOf(TargetLookupError);
    expect(target.error.code).toBe('unknown-target');
    expect(target.error.message).toBe('unknown target "postgres:main" in staging; configured: redis:cache');
    const env = resolveTarget(config, 'prod', 'redis:cache');
    expect(!env.ok && env.error.code).toBe('unknown-environment');
    expect(!env.ok && env.error.message).toBe(
      'unknown environment "prod"; configured: production, staging, local',
    );
  });

  it('ignores inherited keys', () => {
    expect(resolveTarget(config, 'constructor', 'redis:cache').ok).toBe(false);
    expect(resolveTarget(config, 'production', 'toString').ok).toBe(false);
    expect(resolveTarget(config, 'production', '__proto__').ok).toBe(false);
  });
});

describe('masking', () => {
  it.each([
    ['redis://:r3dis-Pa55@redis.prod:6379/0', 'redis://:***@redis.prod:6379/0'],
    ['redis://default:pw@redis.prod:6379', 'redis://default:***@redis.prod:6379'],
    ['redis://tokenonly@redis.prod:6379', 'redis://***@redis.prod:6379'],
    ['rediss://redis.prod:6380', 'rediss://redis.prod:6380'],
    [
      'postgres://app:pg%40Secret@db.prod:5432/liftoff?sslmode=require&password=qsecret',
      'postgres://app:***@db.prod:5432/liftoff?sslmode=require&password=***',
    ],
    ['https://user:pw@api.example.com/base', 'https://user:***@api.example.com/base'],
    ['http://api-1:8000', 'http://api-1:8000'],
    ['http://api-1:8000/metrics?token=abc', 'http://api-1:8000/metrics?token=***'],
    ['not a url', '***'],
  ])('maskUrl(%s) → %s', (url, masked) => {
    expect(maskUrl(url)).toBe(masked);
  });

  it('the public view has hosts and no secrets', () => {
    const config = parseTargetsConfig(SPEC_EXAMPLE, FILE, SECRETS);
    const view = publicTargets(config);
    const text = JSON.stringify(view);
    for (const secret of ['r3dis-Pa55', 'pg%40Secret', 'pg@Secret', 'qsecret'])
      expect(text).not.toContain(secret);
    expect(view.environments.at(-1)?.name).toBe('local');
    expect({ ...view, environments: view.environments.slice(0, -1) }).toEqual({
      source: 'file',
      path: FILE,
      environments: [
        {
          name: 'production',
          thresholds: DEFAULT_THRESHOLDS,
          targets: [
            {
              key: 'redis:cache',
              kind: 'redis',
              name: 'cache',
              intervalMs: 10_000,
              timeoutMs: 2_000,
              address: 'redis://:***@redis.prod:6379/0',
            },
            {
              key: 'postgres:main',
              kind: 'postgres',
              name: 'main',
              intervalMs: 10_000,
              timeoutMs: 2_000,
              address: 'postgres://app:***@db.prod:5432/liftoff?sslmode=require&password=***',
            },
            {
              key: 'http:api',
              kind: 'http',
              name: 'api',
              intervalMs: 10_000,
              timeoutMs: 2_000,
              instances: [
                { name: 'api-1:8000', address: 'http://api-1:8000' },
                { name: 'api-2:8000', address: 'http://api-2:8000' },
              ],
            },
            {
              key: 'prometheus:api',
              kind: 'prometheus',
              name: 'api',
              intervalMs: 10_000,
              timeoutMs: 2_000,
              address: 'http://api-1:8000/metrics',
            },
          ],
        },
        {
          name: 'staging',
          thresholds: {
            ...DEFAULT_THRESHOLDS,
            redisPingDegradedMs: 50,
            latencyTargetMs: 10,
            hitRateTarget: 0.8,
          },
          targets: [
            {
              key: 'redis:cache',
              kind: 'redis',
              name: 'cache',
              intervalMs: 5_000,
              timeoutMs: 500,
              address: 'redis://staging-redis:6379/1',
            },
          ],
        },
      ],
    });
    expect(publicTargets(defaultTargetsConfig({})).environments[0]?.targets[0]).toEqual({
      key: 'postgres:self',
      kind: 'postgres',
      name: 'self',
      intervalMs: 10_000,
      timeoutMs: 2_000,
      embedded: true,
    });
  });

  it('lists every secret a target carries, for scrubbing errors', () => {
    const config = parseTargetsConfig(SPEC_EXAMPLE, FILE, SECRETS);
    const pgTarget = config.environments.production!.targets['postgres:main']!;
    expect(targetSecrets(pgTarget)).toEqual(
      expect.arrayContaining([SECRETS.PROD_DATABASE_URL, 'pg%40Secret', 'pg@Secret', 'qsecret']),
    );
    expect(targetSecrets(pgTarget)).not.toContain('require');
  });
});

describe('the local environment', () => {
  it('is added to a file that does not define it, and a file may define its own', () => {
    const added = parseTargetsConfig(
      'environments:\n  prod:\n    targets:\n      http:api: { url: "http://api:8000" }\n',
      FILE,
      {},
    );
    expect(Object.keys(added.environments.local?.targets ?? {})).toContain('postgres:self');
    const own = parseTargetsConfig(
      'environments:\n  local:\n    targets:\n      http:api: { url: "http://127.0.0.1:9" }\n',
      FILE,
      {},
    );
    expect(Object.keys(own.environments.local?.targets ?? {})).toEqual(['http:api']);
  });
});
