import { defineConfig, devices } from '@playwright/test';
import { chromiumLaunch } from './tests/support/chromium';

const PORT = Number(process.env.E2E_PORT ?? 3210);
// One id per test run, shared by every worker (a worker restarted after a failure keeps it).
process.env.E2E_RUN ??= Date.now().toString(36);

export default defineConfig({
  testDir: './e2e',
  globalSetup: './e2e/global-setup.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: 'retain-on-failure',
    launchOptions: chromiumLaunch,
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] } }],
  webServer: {
    // Always a fresh build and a fresh embedded store: the suite tests this checkout from first run.
    command: `bash scripts/e2e-server.sh ${PORT}`,
    url: `http://127.0.0.1:${PORT}/api/v1/health`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
