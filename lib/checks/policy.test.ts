import { describe, expect, it } from 'vitest';
import { parseAllowedCheck, validateCheck } from './policy';

describe('check policy (server side)', () => {
  it.each([
    'postgres:self ping',
    'postgres:self version >= 14',
    'postgres:self size < 1gb',
    'postgres:self connections < 80',
    'postgres:self cache-hit-ratio > 0.9',
    'postgres:self extension plpgsql',
    'postgres:self table __drizzle_migrations exists',
    'redis:self info redis_version >= 6',
    'redis:self config maxmemory-policy contains lru',
    'redis:self scan-count "sess*" >= 0',
    'redis:self exists release:marker',
    'http:self GET /api/v1/health [STATUS] == 200',
    'http:self HEAD /api/v1/health',
    'postgres:main query "SELECT count(*) FROM jobs"',
    'redis:cache config maxmemory',
  ])('allows %s', (check) => {
    expect(validateCheck(check)).toBeNull();
  });

  it.each([
    [
      'postgres:self query "SELECT password_hash FROM users"',
      /postgres:self is Liftoff itself.*"query" is not one of them/,
    ],
    ['http:self GET /api/v1/templates', /http:self answers only GET or HEAD \/api\/v1\/health/],
    ['http:self OPTIONS /api/v1/health', /only GET or HEAD/],
    ['redis:self exists liftoff:sess:abc', /keys under "liftoff:" are Liftoff's own/],
    ['redis:cache config requirepass', /holds a credential/],
    ['redis:cache config masterauth', /holds a credential/],
    ['redis:cache config tls-key-file-pass', /holds a credential/],
    ['postgres:main query "SELECT \\"pg_read_file\\"(\'/etc/hostname\')"', /pg_read_file\(\) is not allowed/],
  ])('refuses %s', (check, message) => {
    const error = validateCheck(check);
    expect(error?.message).toMatch(message);
    expect(error?.message).toMatch(/at column \d+/);
  });

  it('points at the offending part', () => {
    const r = parseAllowedCheck('redis:cache config requirepass');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ position: 19, token: 'requirepass' });
  });
});
