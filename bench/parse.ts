/**
 * Parser benchmark: a generated 5,000-item checklist (sections, nested items, fenced code, inline
 * commands, bound checks, fields, a sign-off table) parsed 20 times after a warm-up, suggested
 * checks included. Target: median under 200 ms.
 *
 *   npx tsx bench/parse.ts        prints the figures, exits 1 when the target is missed
 *   import { run } from './parse' for a bench runner ({ name, lines, pass })
 */
import { pathToFileURL } from 'node:url';
import { parseBlocks } from '../lib/checklist/blocks';
import { parseChecklist } from '../lib/checklist/parse';
import { type BenchResult, ms, percentiles } from './stats';

export const ITEMS = 5_000;
export const TARGET_MS = 200;
const WARMUP = 5;
const ITERATIONS = 20;

/** A checklist of exactly `items` checkboxes, shaped like the real ones. */
export function generateChecklist(items = ITEMS): string {
  const out: string[] = ['# Generated deployment checklist', '', 'Work through every phase in order.', ''];
  let n = 0;
  let section = 0;
  while (n < items) {
    section++;
    out.push(`## Phase ${section}: Rollout step ${section}`, '');
    for (let sub = 1; sub <= 2 && n < items; sub++) {
      out.push(`### Checks ${section}.${sub}`, '');
      for (let k = 0; k < 12 && n < items; k++) {
        n++;
        const box = n % 7 === 0 ? 'x' : ' ';
        if (n % 9 === 0) {
          out.push(
            `- [${box}] Redis persistence enabled on node ${n} <!-- check: redis:cache config appendonly == yes -->`,
          );
        } else if (n % 4 === 0) {
          out.push(`- [${box}] Service ${n} healthy: \`curl -sf http://localhost:8000/health\``);
        } else {
          out.push(`- [${box}] Verify component ${n} is configured and reachable`);
        }
        if (n % 5 === 0 && n + 2 <= items) {
          out.push(`  - [ ] Replica ${n}a answers \`redis-cli -p 6380 ping\``);
          out.push(`  - [x] Replica ${n}b is in sync`);
          n += 2;
        }
        if (n % 10 === 0) {
          out.push(
            '  ```bash',
            `  docker compose exec redis redis-cli INFO replication | grep role`,
            '  ```',
          );
        }
      }
      out.push('');
    }
    out.push(
      '**Verification Commands:**',
      '```bash',
      `psql -c "SELECT count(*) FROM sessions" # phase ${section}`,
      '```',
      '',
    );
    out.push('---', '');
  }
  out.push('## Benchmarks', '', '```', 'API Response Time:', '  p50: _____ ms', '  p95: _____ ms', '```', '');
  out.push('**Deployed by**: ________', '');
  out.push('## Sign-off', '', '| Role | Name | Date | Signature |', '|------|------|------|-----------|');
  out.push('| Developer | | | |', '| DevOps | | | |', '| QA | | | |', '');
  return out.join('\n');
}

export async function run(): Promise<BenchResult> {
  const text = generateChecklist();
  const first = parseChecklist(text);
  if (!first.ok || first.checklist.counts.items !== ITEMS) {
    return { name: 'parse', pass: false, lines: [`generated checklist did not parse to ${ITEMS} items`] };
  }
  for (let i = 0; i < WARMUP; i++) parseChecklist(text);
  const samples: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const t = performance.now();
    parseChecklist(text);
    samples.push(performance.now() - t);
  }
  const p = percentiles(samples);
  const noSuggest: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    parseChecklist(text, { suggest: () => [] });
    noSuggest.push(performance.now() - t);
  }
  const c = first.checklist.counts;
  const stats = parseBlocks(text).stats;
  const pass = p.p50 < TARGET_MS;
  return {
    name: 'parse',
    pass,
    lines: [
      `input: ${(text.length / 1024).toFixed(0)} KiB, ${c.items} items (${c.checked} checked), ${c.sections} sections, ${c.codeBlocks} code blocks, ${c.fields} fields`,
      `chunks: ${stats.fast} fast path, ${stats.remark} remark`,
      `parse (with suggested checks), ${ITERATIONS} runs: median ${ms(p.p50)}  p95 ${ms(p.p95)}  max ${ms(p.max)}  (target median < ${TARGET_MS} ms)`,
      `per item: ${((p.p50 * 1000) / c.items).toFixed(1)} µs`,
      `parse without suggested checks: median ${ms(percentiles(noSuggest).p50)}`,
    ],
  };
}

export async function main(): Promise<number> {
  const result = await run();
  console.log(`== ${result.name} ${result.pass ? '(target met)' : '(TARGET MISSED)'}`);
  for (const line of result.lines) console.log(`  ${line}`);
  return result.pass ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    (code) => process.exit(code),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
