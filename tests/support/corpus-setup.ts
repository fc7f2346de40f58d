/** Vitest global setup: CI runs with the seed corpus beside the clone, so its absence is a failure. */
import { corpusAvailable, SEEDS_LABEL } from './corpus';

export default function setup(): void {
  if (process.env.CI === 'true' && !corpusAvailable) {
    throw new Error(
      `seed corpus not found at ${SEEDS_LABEL}: CI runs the corpus tests (set LIFTOFF_SEEDS_DIR to its folder)`,
    );
  }
}
