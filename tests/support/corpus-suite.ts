import { describe } from 'vitest';
import { CORPUS_TAG, corpusAvailable } from './corpus';

/** A suite that needs the seed corpus: skipped, and counted as such, when it is missing. */
export function describeCorpus(name: string, body: () => void): void {
  describe.skipIf(!corpusAvailable)(`${CORPUS_TAG} ${name}`, body);
}
