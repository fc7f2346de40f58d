import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHARED_DIR } from '@/tests/support/corpus';
import { describeCorpus } from '@/tests/support/corpus-suite';
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

/** The same lines read from the SPEC itself, in the shared folder beside the seed corpus. */
function specLines(): string[] {
  const spec = readFileSync(path.join(SHARED_DIR, 'SPEC.md'), 'utf8');
  const section = spec.slice(spec.indexOf('## Check syntax'));
  const block = /```\n([\s\S]*?)```/.exec(section.slice(section.indexOf('```\n')))?.[1] ?? '';
  const bound = [...spec.matchAll(/<!-- check: (.*?) -->/g)].map((m) => m[1] as string);
  return [...block.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('<')), ...bound];
}

function expectRoundTrip(line: string): void {
  const result = parseCheck(line);
  expect(result.ok, result.ok ? line : `${line}: ${result.error.message}`).toBe(true);
  if (!result.ok) return;
  const text = formatCheck(result.check);
  expect(text).toBe(
    line
      .replace(/\s+#.*$/, '')
      .replace(/\s+/g, ' ')
      .trim(),
  );
  expect(parseCheck(text)).toEqual(result);
}

describe('SPEC examples', () => {
  it.each(EXAMPLES)('parses and round-trips %s', expectRoundTrip);
});

describeCorpus('SPEC examples read from the SPEC', () => {
  it('finds every example, and each parses and round-trips', () => {
    const lines = specLines();
    expect(lines.length).toBeGreaterThanOrEqual(EXAMPLES.length);
    for (const line of lines) expectRoundTrip(line);
  });
});
