/** Vitest reporter: one visible line when corpus suites were skipped because the corpus is missing. */
import type { Reporter, TestModule } from 'vitest/node';
import { CORPUS_TAG, corpusAvailable, missingCorpusLine } from './corpus';

export default class CorpusReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    if (corpusAvailable) return;
    let skipped = 0;
    for (const m of modules) {
      for (const t of m.children.allTests('skipped')) if (t.fullName.includes(CORPUS_TAG)) skipped++;
    }
    if (skipped > 0) process.stdout.write(`\n${missingCorpusLine(skipped)}\n`);
  }
}
