import { expect, test } from '@playwright/test';
import { INSTANCE_PORTS } from './global-setup';
import { ADMIN, adminApi, login } from './helpers';

test('the health page shows both instances of staging, its status and the charts filling', async ({
  page,
  baseURL,
}) => {
  await adminApi(baseURL!);
  await login(page, ADMIN.email);
  await page.goto('/health?environment=staging&range=15m');
  await expect(page.getByRole('combobox', { name: 'Environment' })).toHaveValue('staging');
  await expect(page.getByTestId('instance-api-1')).toContainText('up', { timeout: 20_000 });
  await expect(page.getByTestId('instance-api-2')).toContainText('up');
  await expect(page.getByTestId('overall-status')).toHaveText(/healthy|degraded/i);
  // A few one-second probes later the latency chart has lines.
  await expect(page.getByTestId('chart-latency').locator('.recharts-line-curve').first()).toBeVisible({
    timeout: 20_000,
  });
  await page.getByRole('button', { name: '1h' }).click();
  await expect(page).toHaveURL(/range=1h/);
  await expect(page.getByRole('button', { name: '1h' })).toHaveAttribute('aria-pressed', 'true');
});

test('tcp targets: each port is a tile on the health page, and checks run on each', async ({
  page,
  baseURL,
}) => {
  const api = await adminApi(baseURL!);
  await login(page, ADMIN.email);
  await page.goto('/health?environment=staging&range=15m');
  await expect(page.getByTestId('instance-api-1-port')).toContainText('up', { timeout: 20_000 });
  await expect(page.getByTestId('instance-api-2-port')).toContainText('up');
  await expect(page.getByTestId('instance-api-2-port')).toContainText('tcp:api-ports');
  const open = await api.post('/api/v1/checks/evaluate', {
    data: { environment: 'staging', check: 'tcp:api-ports connect [LATENCY] < 2s' },
  });
  expect(open.status()).toBe(200);
  const body = await open.json();
  expect(body.ok).toBe(true);
  expect(body.results.map((r: { instance: string }) => r.instance)).toEqual(['api-1-port', 'api-2-port']);
  // Both ports are in use, so a "port available" check fails with the address.
  const free = await (
    await api.post('/api/v1/checks/evaluate', {
      data: { environment: 'staging', check: 'tcp:api-ports free' },
    })
  ).json();
  expect(free.ok).toBe(false);
  expect(free.results[0].error).toBe(
    `127.0.0.1:${INSTANCE_PORTS[0]} accepts connections: the port is in use`,
  );
});

test('admins see the resolved targets with addresses and no secrets', async ({ page, baseURL }) => {
  await adminApi(baseURL!);
  await login(page, ADMIN.email);
  await page.goto('/admin/targets');
  await expect(page.getByTestId('targets-staging')).toContainText('http:api');
  await expect(page.getByTestId('targets-staging')).toContainText(
    `api-2: http://127.0.0.1:${INSTANCE_PORTS[1]}`,
  );
  await expect(page.getByTestId('targets-local')).toContainText('embedded store');
});

test('checks evaluate on each instance; a bad check gets a message pointing at the token', async ({
  baseURL,
}) => {
  const api = await adminApi(baseURL!);
  const ok = await api.post('/api/v1/checks/evaluate', {
    data: { environment: 'staging', check: 'http:api GET /health [STATUS] == 200 && [BODY].status == ok' },
  });
  expect(ok.status()).toBe(200);
  const body = await ok.json();
  expect(body.ok).toBe(true);
  expect(body.results.map((r: { instance: string }) => r.instance).sort()).toEqual(['api-1', 'api-2']);
  const bad = await api.post('/api/v1/checks/evaluate', {
    data: { environment: 'staging', check: 'redis:cache pnig' },
  });
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error.message).toMatch(/pnig.*column/);
  const unknown = await api.post('/api/v1/checks/evaluate', {
    data: { environment: 'staging', check: 'redis:sessions ping' },
  });
  expect(unknown.status()).toBe(400);
  expect((await unknown.json()).error.message).toMatch(/redis:sessions/);
});

test('Verify on a bound item runs its check and marks it done with evidence', async ({ page, baseURL }) => {
  const api = await adminApi(baseURL!);
  const templates = (await (await api.get('/api/v1/templates?q=Redis Session')).json()).templates;
  const run = await api.post('/api/v1/runs', {
    data: { templateId: templates[0].id, title: 'Verify drill', environment: 'local' },
  });
  expect(run.status()).toBe(201);
  const { id } = await run.json();
  await login(page, ADMIN.email);
  await page.goto(`/runs/${id}`);
  const item = page.getByTestId('run-item').filter({ hasText: 'Redis reachable from the app hosts' });
  await item.getByRole('button', { name: 'Verify' }).click();
  await expect(item).toHaveAttribute('data-state', 'done');
  await expect(item.getByText('verified by check')).toBeVisible();
  await expect(item.getByTestId('item-evidence')).toContainText('PONG');
  await page.getByRole('tab', { name: 'activity' }).click();
  await expect(page.getByRole('list', { name: 'Activity' })).toContainText('by check');
});
