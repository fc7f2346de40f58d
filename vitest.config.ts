import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: {
      '@': path.resolve(import.meta.dirname),
      // `server-only` throws outside React Server Components; tests run the same modules in plain Node.
      'server-only': path.resolve(import.meta.dirname, 'tests/support/server-only-stub.ts'),
    },
  },
  test: {
    include: ['lib/**/*.test.ts', 'tests/**/*.test.ts', 'tests/security/**/*.test.ts', 'cli/**/*.test.ts'],
    setupFiles: ['tests/support/setup.ts'],
    // The seed corpus (../shared/seeds): required under CI, otherwise skipped with one line.
    globalSetup: ['tests/support/corpus-setup.ts'],
    reporters: ['default', './tests/support/corpus-reporter.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    fileParallelism: true,
    maxWorkers: 2,
  },
});
