/**
 * Runs the suggester over the seed corpus (tests/support/corpus.ts: read at test time, never
 * copied) with a rough Markdown split: each list item or line owns the fenced blocks under it.
 * Its time over the corpus is measured by `npm run bench -- parse`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { SEEDS_DIR, seedFiles } from '@/tests/support/corpus';
import { describeCorpus } from '@/tests/support/corpus-suite';
import { parseCheck } from './parser';
import { suggestChecks } from './suggest';
import type { SuggestedCheck, SuggestInput } from './suggest-contract';

function items(markdown: string): SuggestInput[] {
  const out: SuggestInput[] = [];
  const lines = markdown.split('\n');
  let current: SuggestInput = { text: '', code: [] };
  out.push(current);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const fence = /^(\s*)```(\w*)/.exec(line);
    if (fence) {
      const indent = fence[1]?.length ?? 0;
      const body: string[] = [];
      for (i++; i < lines.length && !/^\s*```/.test(lines[i] as string); i++) {
        const l = lines[i] as string;
        body.push(l.slice(Math.min(indent, l.length - l.trimStart().length)));
      }
      current.code.push({ lang: fence[2] || undefined, value: body.join('\n'), inline: false });
    } else if (line.trim() !== '' && !/^\s*(\*\*)?expected/i.test(line)) {
      const text = line.replace(/^\s*(?:[-*]|\d+\.)?\s*(?:\[[ xX]\]\s*)?/, '');
      current = {
        text,
        code: [...text.matchAll(/`([^`]+)`/g)].map((m) => ({ value: m[1] as string, inline: true })),
      };
      out.push(current);
    }
  }
  return out;
}

describeCorpus('suggestions over the seed checklists', () => {
  let all: SuggestedCheck[] = [];
  beforeAll(() => {
    const files = seedFiles().filter((f) => f.endsWith('.txt'));
    all = files.flatMap((f) => items(readFileSync(path.join(SEEDS_DIR, f), 'utf8')).flatMap(suggestChecks));
  });

  it('yields only valid checks', () => {
    expect(all.length).toBeGreaterThan(20);
    for (const s of all) expect(parseCheck(s.check).ok, s.check).toBe(true);
  });

  it('finds the kinds of checks the issue describes', () => {
    const texts = all.map((s) => s.check);
    for (const pattern of [
      /^redis:[\w-]+ ping$/,
      /^redis:[\w-]+ config maxmemory == 512mb$/,
      /^redis:[\w-]+ config appendonly == yes$/,
      /^redis:[\w-]+ scan-count ".+" > 0$/,
      /^redis:[\w-]+ hlen \S+ >= 1$/,
      /^redis:[\w-]+ info redis_version$/,
      /^http:[\w-]+ GET \S+ \[STATUS\] == 200 && \[BODY\]\.status == ok && \[BODY\]\.dependencies\.\w+\.status == ok/,
      /^http:[\w-]+ GET \/metrics \[STATUS\] == 200 && \[BODY\] contains \w+$/,
      /^postgres:[\w-]+ (ping|query ".+")/,
    ]) {
      expect(
        texts.some((t) => pattern.test(t)),
        String(pattern),
      ).toBe(true);
    }
  });

  it('takes nothing from writes, restores or restarts', () => {
    for (const s of all) {
      expect(s.source).not.toMatch(
        /FLUSH|BGSAVE|xargs|\bdel\b|-X POST|docker[ -]compose( -f \S+)? (up|down|restart|stop|build)|pg_dump|< /i,
      );
    }
  });
});
