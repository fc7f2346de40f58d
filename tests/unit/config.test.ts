import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseEnv } from '@/lib/config/env';

const bad: [Record<string, string>, string][] = [
  [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL: not a postgres:// URL'],
  [{ DATABASE_URL: 'postgres://' }, 'DATABASE_URL: not a postgres:// URL'],
  [{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL: not a redis:// URL'],
  [{ PORT: 'eighty' }, 'PORT: not a number'],
  [{ PORT: '70000' }, 'PORT: must be 1-65535'],
  [
    { LIFTOFF_ADMIN_EMAIL: 'nobody', LIFTOFF_ADMIN_PASSWORD: 'long enough password' },
    'LIFTOFF_ADMIN_EMAIL: not an email address',
  ],
  [
    { LIFTOFF_ADMIN_EMAIL: 'a@b.io', LIFTOFF_ADMIN_PASSWORD: 'short' },
    'LIFTOFF_ADMIN_PASSWORD: must be at least 12 characters',
  ],
  [
    { LIFTOFF_ADMIN_EMAIL: 'a@b.io' },
    'LIFTOFF_ADMIN_PASSWORD: must be set together with the other LIFTOFF_ADMIN_ variable',
  ],
  [{ LIFTOFF_METRICS_TOKEN: 'abc' }, 'LIFTOFF_METRICS_TOKEN: must be at least 16 characters'],
  [{ LIFTOFF_SESSION_TTL_HOURS: '0' }, 'LIFTOFF_SESSION_TTL_HOURS: must be greater than 0'],
  [{ LIFTOFF_TRUST_PROXY: 'maybe' }, 'LIFTOFF_TRUST_PROXY: must be true or false'],
  [{ LIFTOFF_LOG_LEVEL: 'loud' }, 'LIFTOFF_LOG_LEVEL: must be debug, info, warn or error'],
];

describe('configuration', () => {
  it.each(bad)('%o is refused with one line naming the variable', (vars, line) => {
    expect(() => parseEnv(vars)).toThrow(ConfigError);
    try {
      parseEnv(vars);
    } catch (err) {
      expect((err as Error).message).toBe(line);
    }
  });

  it('defaults to the embedded store on port 3000 with no Redis', () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.REDIS_URL).toBeUndefined();
    expect(env.dataDir).toMatch(/\.liftoff\/data$/);
  });

  it('treats empty variables as unset', () => {
    expect(parseEnv({ DATABASE_URL: '', REDIS_URL: ' ' }).DATABASE_URL).toBeUndefined();
  });

  it('npm start stops with exit 1 and exactly one line, no stack trace', () => {
    const run = spawnSync(
      process.execPath,
      ['--conditions=react-server', '--import', 'tsx', 'scripts/start.ts'],
      {
        env: { ...process.env, DATABASE_URL: 'mysql://root@db/liftoff', PORT: '3999' },
        encoding: 'utf8',
        timeout: 30_000,
      },
    );
    expect(run.status).toBe(1);
    const lines = run.stderr
      .trim()
      .split('\n')
      .filter((l) => !l.startsWith('npm warn'));
    expect(lines).toEqual(['liftoff: bad configuration: DATABASE_URL: not a postgres:// URL']);
  });
});

describe('targets configuration at start-up', () => {
  it('a bad LIFTOFF_CONFIG stops npm start with one line naming the file and the problem', () => {
    const file = `/tmp/liftoff-bad-${process.pid}.yml`;
    const placeholder = ['$', '{PROD_REDIS_URL}'].join(''); // the config file's own interpolation syntax
    const yaml = `environments:\n  production:\n    targets:\n      redis:cache: { url: "${placeholder}" }\n`;
    writeFileSync(file, yaml);
    const run = spawnSync(
      process.execPath,
      ['--conditions=react-server', '--import', 'tsx', 'scripts/start.ts'],
      {
        env: { ...process.env, LIFTOFF_CONFIG: file, PROD_REDIS_URL: '', PORT: '3998' },
        encoding: 'utf8',
        timeout: 30_000,
      },
    );
    expect(run.status).toBe(1);
    const lines = run.stderr
      .trim()
      .split('\n')
      .filter((l) => !l.startsWith('npm warn'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(`^liftoff: bad configuration: LIFTOFF_CONFIG ${file}: .*redis:cache.*PROD_REDIS_URL`),
    );
  });
});
