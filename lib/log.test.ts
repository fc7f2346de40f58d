import { DrizzleQueryError } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { errorText, log } from './log';

const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
const failedQuery = (cause?: unknown) =>
  new DrizzleQueryError(
    'SELECT id FROM sessions WHERE token_hash = $1',
    ['9f2c0ffee-hash-of-a-session'],
    cause as Error,
  );

describe('what a log line says about an error', () => {
  afterEach(() => vi.restoreAllMocks());

  it('tells a failed query by its cause, never by its statement and values', () => {
    expect(errorText(failedQuery(refused))).toBe('connect ECONNREFUSED 127.0.0.1:5432');
    expect(errorText(failedQuery())).toBe('a database query failed');
    expect(errorText(new Error('deadline exceeded'))).toBe('deadline exceeded');
    expect(errorText('plain words')).toBe('plain words');
  });

  it('masks the values of a failed query that reaches a log line whole', () => {
    const lines: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    log.warn('something failed', { error: failedQuery(refused).message });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('9f2c0ffee');
    expect(lines[0]).toContain('params: ***');
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'warn', msg: 'something failed' });
  });
});
