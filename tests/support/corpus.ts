/**
 * The seed corpus: real checklists in `../shared/seeds` beside the repository (test inputs only,
 * never copied into the project). `LIFTOFF_SEEDS_DIR` points elsewhere (relative to the repo
 * root). Without the folder, corpus suites are skipped and the run says so in one line
 * (corpus-reporter.ts) while the project's own fixtures still run; with CI=true a missing corpus
 * fails the run (corpus-setup.ts). Free of vitest, so benchmarks can read the corpus too;
 * `describeCorpus` (corpus-suite.ts) declares a suite that needs it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
const override = process.env.LIFTOFF_SEEDS_DIR;
export const SEEDS_DIR = override
  ? path.resolve(REPO_ROOT, override)
  : path.resolve(REPO_ROOT, '..', 'shared', 'seeds');
/** The shared folder the seeds sit in (the SPEC is there too). */
export const SHARED_DIR = path.dirname(SEEDS_DIR);
/** How the corpus path is shown: as configured, relative to the repo root. */
export const SEEDS_LABEL = override ?? '../shared/seeds';

export const CORPUS_TAG = '[seed corpus]';

export function seedFiles(): string[] {
  if (!existsSync(SEEDS_DIR)) return [];
  return readdirSync(SEEDS_DIR)
    .filter((f) => !f.startsWith('.'))
    .sort();
}

export const corpusAvailable = seedFiles().length > 0;

export function seed(prefix: string): { name: string; path: string; bytes: Buffer } {
  const name = seedFiles().find((f) => f.startsWith(prefix));
  if (!name) throw new Error(`no seed ${prefix} in ${SEEDS_DIR}`);
  const file = path.join(SEEDS_DIR, name);
  return { name, path: file, bytes: readFileSync(file) };
}

export const missingCorpusLine = (skipped: number) =>
  `seed corpus not found at ${SEEDS_LABEL}: ${skipped} corpus tests skipped`;
