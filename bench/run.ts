/**
 * `npm run bench`: runs every benchmark (or those named on the command line) and prints their
 * figures. Exit code 1 when a benchmark misses its target.
 */
import type { BenchResult } from './stats';

const benches: Record<string, () => Promise<BenchResult>> = {
  'session-validation': async () => (await import('./session-validation')).run(),
  parse: async () => (await import('./parse')).run(),
  'probe-overhead': async () => (await import('./probe-overhead')).run(),
  ticks: async () => (await import('./ticks')).run(),
  fanout: async () => (await import('./fanout')).run(),
  'run-page': async () => (await import('./run-page')).run(),
  triggers: async () => (await import('./triggers')).run(),
  notify: async () => (await import('./notify')).run(),
  crowd: async () => (await import('./crowd')).run(),
};

const wanted = process.argv.slice(2);
let failed = false;
for (const [name, runBench] of Object.entries(benches)) {
  if (wanted.length && !wanted.includes(name)) continue;
  const result = await runBench();
  console.log(`\n== ${result.name} ${result.pass ? '(target met)' : '(TARGET MISSED)'}`);
  for (const line of result.lines) console.log(`  ${line}`);
  failed ||= !result.pass;
}
process.exit(failed ? 1 : 0);
