import { describe, expect, it } from 'vitest';
import { resolveSuggestedTarget } from './resolve-target';

const ENV = ['redis:sessions', 'postgres:primary', 'postgres:replica', 'http:api', 'tcp:redis-port'];

describe('resolveSuggestedTarget', () => {
  it('renames to the only target of the kind', () => {
    expect(resolveSuggestedTarget('redis:cache hit-rate > 0.9', ENV)).toEqual({
      check: 'redis:sessions hit-rate > 0.9',
    });
    expect(resolveSuggestedTarget('redis:sticky-redis ping', ENV)).toEqual({ check: 'redis:sessions ping' });
  });

  it('never moves a named service or port onto the only target of its kind', () => {
    expect(resolveSuggestedTarget('tcp:port-6379 free', ENV)).toEqual({
      check: 'tcp:port-6379 free',
      choices: ['tcp:redis-port'],
    });
    expect(resolveSuggestedTarget('http:grafana GET /api/health [STATUS] == 200', ENV)).toEqual({
      check: 'http:grafana GET /api/health [STATUS] == 200',
      choices: ['http:api'],
    });
    expect(resolveSuggestedTarget('http:api GET /health [STATUS] == 200', ['http:web'])).toEqual({
      check: 'http:web GET /health [STATUS] == 200',
    });
  });

  it('keeps a target the environment has', () => {
    expect(resolveSuggestedTarget('http:api GET /health [STATUS] == 200', ENV)).toEqual({
      check: 'http:api GET /health [STATUS] == 200',
    });
  });

  it('asks to pick among several, and says when the kind is missing', () => {
    expect(resolveSuggestedTarget('postgres:main ping', ENV)).toEqual({
      check: 'postgres:main ping',
      choices: ['postgres:primary', 'postgres:replica'],
    });
    expect(resolveSuggestedTarget('prometheus:api up == 1', ENV)).toEqual({
      check: 'prometheus:api up == 1',
      missing: true,
    });
    expect(resolveSuggestedTarget('redis:cache ping', [])).toEqual({
      check: 'redis:cache ping',
      missing: true,
    });
    expect(resolveSuggestedTarget('no target here', ENV)).toEqual({ check: 'no target here', missing: true });
  });

  it('ignores entries that are not kind:name refs and duplicates', () => {
    expect(resolveSuggestedTarget('redis:cache ping', ['redis:a', 'redis:a', 'junk'])).toEqual({
      check: 'redis:a ping',
    });
  });
});
