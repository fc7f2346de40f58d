/**
 * How many seed items can verify themselves: per seed, the items, those with a suggestion and the
 * suggestions by rule, printed (the review of each suggestion is docs/coverage-review.md). The
 * seeds are read at test time (tests/support/corpus.ts), never copied; without them the suite is
 * skipped visibly, and fails only under CI=true.
 */
import { beforeAll, expect, it } from 'vitest';
import { parseAllowedCheck } from '@/lib/checks/policy';
import { sqlScreenReady } from '@/lib/checks/sql';
import { seed, seedFiles } from '@/tests/support/corpus';
import { describeCorpus } from '@/tests/support/corpus-suite';
import type { Checklist } from './model';
import { parseChecklist } from './parse';

/** What the rules reach today (docs/coverage-review.md): a floor, so a change that loses coverage fails. */
const FLOOR: Record<string, { withSuggestion: number; byRule: Record<string, number> }> = {
  '000': { withSuggestion: 7, byRule: { liveness: 3, threshold: 1, command: 3 } },
  '001': { withSuggestion: 10, byRule: { port: 6, command: 9 } },
  '002': { withSuggestion: 26, byRule: { threshold: 8, port: 4, config: 2, command: 13 } },
  '003': { withSuggestion: 11, byRule: { threshold: 4, liveness: 3, 'expected-response': 3, config: 1 } },
  '004': { withSuggestion: 9, byRule: { command: 4, threshold: 4, config: 2 } },
};

describeCorpus('self-verifying coverage of the seeds', () => {
  const parsed = new Map<string, Checklist>();
  beforeAll(async () => {
    await sqlScreenReady();
    for (const name of seedFiles()) {
      const r = parseChecklist(seed(name.slice(0, 3)).bytes, { filename: name });
      if (r.ok) parsed.set(name.slice(0, 3), r.checklist);
    }
  });

  it('prints per seed the items, those with a suggestion and the suggestions by rule', () => {
    const lines: string[] = [];
    for (const [prefix, c] of parsed) {
      const withSuggestion = c.items.filter((i) => i.suggestedChecks.length > 0).length;
      const byRule: Record<string, number> = {};
      for (const i of c.items) for (const s of i.suggestedChecks) byRule[s.rule] = (byRule[s.rule] ?? 0) + 1;
      lines.push(
        `seed ${prefix}: ${c.counts.items} items, ${withSuggestion} with a suggestion, ${c.counts.verifiable} verifiable; by rule ${JSON.stringify(byRule)}`,
      );
      const floor = FLOOR[prefix];
      if (!floor) continue;
      expect(withSuggestion, prefix).toBeGreaterThanOrEqual(floor.withSuggestion);
      for (const [rule, n] of Object.entries(floor.byRule))
        expect(byRule[rule] ?? 0, `${prefix} ${rule}`).toBeGreaterThanOrEqual(n);
    }
    console.log(lines.join('\n'));
    expect(parsed.size).toBe(5);
  });

  it('suggests only allowed checks, with a rule and a confidence at or above the threshold', () => {
    for (const c of parsed.values())
      for (const i of c.items)
        for (const s of i.suggestedChecks) {
          expect(parseAllowedCheck(s.check).ok, s.check).toBe(true);
          expect(s.rule).toMatch(/^(command|liveness|threshold|port|config|expected-response)$/);
          expect(s.confidence).toBeGreaterThanOrEqual(0.6);
        }
  });

  it('keeps other services off the API target and hit rates off the metrics page', () => {
    for (const c of parsed.values())
      for (const i of c.items) {
        const checks = i.suggestedChecks.map((s) => s.check);
        // "API p95 latency < 200ms: check Prometheus" is the API's latency, read where Prometheus reads it.
        if (/prometheus|grafana|frontend|nginx/i.test(i.text) && !/\bAPI\b/.test(i.text))
          expect(
            checks.filter((k) => k.startsWith('http:api ')),
            i.text,
          ).toEqual([]);
        if (/hit rate/i.test(i.text)) {
          expect(
            checks.filter((k) => k.includes('contains')),
            i.text,
          ).toEqual([]);
          if (/\d\s*%/.test(i.text))
            expect(
              checks.some((k) => /^redis:\S+ hit-rate > 0\.\d+$/.test(k)),
              i.text,
            ).toBe(true);
        }
        if (/\bkafka\b/i.test(i.text) || /\bnot\b/i.test(i.text)) expect(checks, i.text).toEqual([]);
      }
  });

  it('reads "Port N available" before a deployment as free', () => {
    const c = parsed.get('002')!;
    const port = c.items.find((i) => i.text.startsWith('Port 6379 available'))!;
    expect(port.suggestedChecks.map((s) => [s.check, s.rule])).toEqual([['tcp:port-6379 free', 'port']]);
  });
});
