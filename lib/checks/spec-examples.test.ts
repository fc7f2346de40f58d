import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatCheck } from './format';
import { parseCheck } from './parser';

/** The "Check syntax" examples of the SPEC. */
const EXAMPLES = [
  'redis:cache ping',
  'redis:cache config appendonly == yes',
  'redis:cache config maxmemory == 512mb            # sizes compare as bytes',
  'redis:cache info redis_version >= 7',
  'redis:cache info evicted_keys == 0',
  'redis:cache scan-count "active_session:*" > 0     # SCAN, never KEYS',
  'redis:cache hlen sessions:active >= 1',
  'postgres:main ping [LATENCY] < 50ms',
  'postgres:main query "SELECT count(*) FROM sessions" > 0   # read-only, statement timeout',
  'postgres:main extension vector installed',
  'http:api GET /api/v1/health [STATUS] == 200 && [BODY].dependencies.redis.status == ok',
  'http:api GET /metrics contains cache_hits',
  'prometheus:api cache_hits_total / (cache_hits_total + cache_misses_total) > 0.9',
];

/** The same lines read from the SPEC itself, when the shared folder is there. */
function specLines(): string[] {
  const file = path.resolve(import.meta.dirname, '../../../shared/SPEC.md');
  if (!existsSync(file)) return [];
  const spec = readFileSync(file, 'utf8');
  const section = spec.slice(spec.indexOf('## Check syntax'));
  const block = /```\n([\s\S]*?)```/.exec(section.slice(section.indexOf('```\n')))?.[1] ?? '';
  const bound = [...spec.matchAll(/<!-- check: (.*?) -->/g)].map((m) => m[1] as string);
  return [...block.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('<')), ...bound];
}

describe('SPEC examples', () => {
  it.each([...EXAMPLES, ...specLines()])('parses and round-trips %s', (line) => {
    const result = parseCheck(line);
    expect(result.ok, result.ok ? '' : result.error.message).toBe(true);
    if (!result.ok) return;
    const text = formatCheck(result.check);
    expect(text).toBe(
      line
        .replace(/\s+#.*$/, '')
        .replace(/\s+/g, ' ')
        .trim(),
    );
    expect(parseCheck(text)).toEqual(result);
  });

  it('finds the SPEC examples when the SPEC is present', () => {
    const lines = specLines();
    if (lines.length > 0) expect(lines.length).toBeGreaterThanOrEqual(EXAMPLES.length);
  });
});
