/**
 * A run of 500 items opened in headless Chromium: time from navigation to a usable page (all
 * items rendered, hydrated and live — the "Live" dot is set by the client once its event stream
 * is open), then one tick through the UI. Target: usable in under 1.5 s.
 */
import { chromium } from '@playwright/test';
import { createSession, SESSION_COOKIE } from '../lib/auth/sessions';
import { chromiumLaunch } from '../tests/support/chromium';
import { client, ensureBuild, seedCluster, startInstance } from '../tests/support/cluster';
import { freshPostgres, REDIS_URL } from '../tests/support/db';
import { type BenchResult, ms, percentiles } from './stats';

const ITEMS = 500;
const LOADS = 5;

export async function run(): Promise<BenchResult> {
  ensureBuild();
  const store = await freshPostgres();
  const { key, templateId, user } = await seedCluster(store.db, ITEMS);
  const instance = await startInstance({ DATABASE_URL: store.url, REDIS_URL: `${REDIS_URL}/6` });
  const browser = await chromium.launch(chromiumLaunch);
  try {
    const { id } = (await client(instance.url, key).post('/api/v1/runs', { templateId, title: '500 items' }))
      .body as { id: string };
    const { token } = await createSession({ db: store.db, redis: null }, user.id, 1);
    const context = await browser.newContext();
    await context.addCookies([{ name: SESSION_COOKIE, value: token, url: instance.url }]);
    const page = await context.newPage();
    await page.goto(`${instance.url}/runs/${id}`); // warm the server's caches once
    const usable: number[] = [];
    const ticks: number[] = [];
    for (let i = 0; i < LOADS; i++) {
      const t = performance.now();
      await page.goto(`${instance.url}/runs/${id}`, { waitUntil: 'commit' });
      await page
        .getByTestId('run-item')
        .nth(ITEMS - 1)
        .waitFor();
      await page.getByRole('img', { name: 'Live' }).waitFor();
      usable.push(performance.now() - t);
      const item = page.getByTestId('run-item').nth(i);
      const t2 = performance.now();
      await item.getByRole('checkbox').check();
      await page.waitForFunction(
        (n) =>
          document.querySelectorAll('[data-testid="run-item"]')[n]?.getAttribute('data-state') === 'done',
        i,
      );
      ticks.push(performance.now() - t2);
    }
    const u = percentiles(usable);
    const k = percentiles(ticks);
    const pass = u.p50 < 1_500;
    return {
      name: 'run-page',
      pass,
      lines: [
        `run page with ${ITEMS} items, ${LOADS} loads: usable (rendered, hydrated, live) median ${ms(u.p50)}  max ${ms(u.max)}  target < 1500 ms: ${pass ? 'PASS' : 'FAIL'}`,
        `one tick through the UI on that page: median ${ms(k.p50)}  max ${ms(k.max)}`,
      ],
    };
  } finally {
    await browser.close();
    await instance.stop();
    await store.close();
  }
}
