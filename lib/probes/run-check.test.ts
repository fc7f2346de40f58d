import { describe, expect, it } from 'vitest';
import { parseCheck } from '@/lib/checks/parser';
import { parseTargetsConfig } from '@/lib/config/targets';
import { urlOnInstance } from './http-fetch';
import { impliedConditions, probeTarget, runCheck } from './run-check';

const config = parseTargetsConfig(
  'environments:\n  production:\n    targets:\n      redis:cache: { url: "redis://:pw@127.0.0.1:1" }\n',
  'unit.yml',
  {},
);

function check(text: string) {
  const parsed = parseCheck(text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.check;
}

describe('runCheck without reaching anything', () => {
  it('refuses unparseable checks, unknown environments and unknown targets', async () => {
    expect(await runCheck(config, 'production', 'redis:cache pnig')).toMatchObject({
      ok: false,
      errorCode: 'invalid-check',
      results: [],
    });
    expect(await runCheck(config, 'staging', 'redis:cache ping')).toMatchObject({
      ok: false,
      check: 'redis:cache ping',
      errorCode: 'unknown-environment',
      error: 'unknown environment "staging"; configured: production, local',
    });
    expect(await runCheck(config, 'production', check('redis:sessions ping'))).toMatchObject({
      ok: false,
      errorCode: 'unknown-target',
      error: 'unknown target "redis:sessions" in production; configured: redis:cache',
    });
    expect(await runCheck(config, 'production', 'http:api GET /health')).toMatchObject({
      errorCode: 'unknown-target',
    });
  });

  it('refuses a probe of another kind than its target', async () => {
    const target = config.environments.production!.targets['redis:cache']!;
    const r = await probeTarget(target, { kind: 'http', op: 'request', method: 'GET', path: '/' });
    expect(r).toMatchObject({ ok: false, error: 'a http probe cannot run against redis:cache' });
  });
});

describe('impliedConditions', () => {
  it('asks the obvious question of a check without conditions', () => {
    expect(impliedConditions(check('http:api GET /health'))).toEqual([
      { subject: { type: 'status' }, op: '<', value: { type: 'number', value: 400 } },
    ]);
    expect(impliedConditions(check('redis:cache exists flags'))).toEqual([
      { subject: { type: 'value' }, op: 'exists' },
    ]);
    expect(impliedConditions(check('postgres:main extension vector'))).toHaveLength(1);
    expect(impliedConditions(check('postgres:main table users'))).toHaveLength(1);
    expect(impliedConditions(check('redis:cache ping'))).toEqual([]);
    const explicit = check('http:api GET /health [STATUS] == 503');
    expect(impliedConditions(explicit)).toBe(explicit.conditions);
  });
});

describe('urlOnInstance', () => {
  it('appends the path to the configured origin and base path', () => {
    expect(urlOnInstance('http://api-1:8000', '/api/v1/health?x=1').href).toBe(
      'http://api-1:8000/api/v1/health?x=1',
    );
    expect(urlOnInstance('http://api-1:8000/base/', '/metrics').href).toBe('http://api-1:8000/base/metrics');
    expect(urlOnInstance('http://api-1:8000', '/../../etc').origin).toBe('http://api-1:8000');
  });

  it.each(['//evil.example/x', 'http://evil.example/', '/\\evil.example', 'health', '/a b', '/a\nb', ''])(
    'refuses %j',
    (path) => {
      expect(() => urlOnInstance('http://api-1:8000', path)).toThrow(/invalid path/);
    },
  );
});
