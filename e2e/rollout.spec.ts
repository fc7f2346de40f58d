import { expect, type Page, test } from '@playwright/test';
import { setMetric } from './global-setup';
import { adminApi, createUser, login, RUN } from './helpers';

const OPS = { email: `ops-${RUN}@example.io`, name: 'Olga Ops', roles: ['engineer'] };

const ROLLOUT = `# Search rollout ${RUN}

## Stage 1 — canary

### Prerequisites

- [ ] Feature flag created

### Steps

- [ ] Route 5% of searches to the new index

## Stage 2 — everyone

### Prerequisites

- [ ] Canary looked healthy for an hour

### Steps

- [ ] Route all searches to the new index

### Rollback Triggers

- If more than 5% of searches fail, route back to the old index <!-- trigger: prometheus:api failure_ratio > 0.05 -->
`;

const stage = (page: Page, title: string) =>
  page.getByTestId('stage').filter({ has: page.getByRole('link', { name: title, exact: true }) });
const tick = (page: Page, text: string) => page.getByRole('checkbox', { name: `Mark done: ${text}` }).check();

test('a gated rollout: stage 2 waits for stage 1, starts once its gate passes, and a trigger fires live', async ({
  page,
  baseURL,
}) => {
  const api = await adminApi(baseURL!);
  await createUser(api, OPS);
  // One template per attempt, so a repeated run (--repeat-each) starts from a new template too.
  const name = `Search rollout ${RUN}-${test.info().repeatEachIndex}`;
  await setMetric('failure_ratio', 0.01);
  const created = await api.post('/api/v1/templates', {
    data: { name, markdown: ROLLOUT },
  });
  expect(created.status(), await created.text()).toBe(201);
  const templateId = (await created.json()).id as string;

  await login(page, OPS.email);
  await page.goto(`/templates/${templateId}`);
  await expect(page.getByTestId('template-stage')).toHaveCount(2);
  await page.getByRole('button', { name: 'Start a run' }).click();
  const form = page.getByRole('form', { name: 'Start a run' });
  await form.getByLabel('Environment').fill('staging');
  await expect(form.getByRole('checkbox', { name: /Gate stages/ })).toBeChecked();
  await page.getByRole('button', { name: 'Start', exact: true }).click();
  await expect(page).toHaveURL(/\/runs\/[0-9a-f-]{36}$/);

  // Stage 1 waits for its prerequisite; stage 2 is locked behind stage 1.
  await expect(stage(page, 'Stage 1 — canary')).toHaveAttribute('data-state', 'ready');
  await expect(stage(page, 'Stage 2 — everyone')).toHaveAttribute('data-state', 'locked');
  await expect(stage(page, 'Stage 2 — everyone')).toContainText('waiting for: Stage 1 — canary');
  await expect(
    page.getByRole('checkbox', { name: 'Mark done: Route 5% of searches to the new index' }),
  ).toBeDisabled();

  await tick(page, 'Feature flag created');
  await page.getByRole('button', { name: 'Start Stage 1 — canary' }).click();
  await expect(stage(page, 'Stage 1 — canary')).toHaveAttribute('data-state', 'active');
  await tick(page, 'Route 5% of searches to the new index');
  await expect(stage(page, 'Stage 1 — canary')).toHaveAttribute('data-state', 'finished');
  await expect(stage(page, 'Stage 2 — everyone')).toHaveAttribute('data-state', 'ready');

  await tick(page, 'Canary looked healthy for an hour');
  await page.getByRole('button', { name: 'Start Stage 2 — everyone' }).click();
  await expect(stage(page, 'Stage 2 — everyone')).toHaveAttribute('data-state', 'active');
  await expect(page.getByTestId('trigger').first()).toHaveAttribute('data-state', 'ok');

  // The failure ratio crosses 5%: the leader fires the trigger and the page shows it live.
  await setMetric('failure_ratio', 0.2);
  const banner = page.getByTestId('trigger-banner');
  await expect(banner).toHaveAttribute('data-state', 'firing', { timeout: 20_000 });
  await expect(banner).toContainText('If more than 5% of searches fail');
  await expect(banner).toContainText('bad when > 0.05');
  await expect(page.getByText('trigger fired', { exact: true })).toBeVisible();

  await banner.getByRole('button', { name: 'Acknowledge…' }).click();
  await banner.getByLabel('What is being done').fill('Routing back to the old index');
  await banner.getByRole('button', { name: 'Acknowledge', exact: true }).click();
  await expect(banner).toHaveAttribute('data-state', 'acknowledged');
  await expect(banner).toContainText('Routing back to the old index');
  await expect(page.getByText('trigger fired', { exact: true })).toHaveCount(0);

  // The record says who acknowledged it and why.
  await page.getByRole('tab', { name: 'Activity' }).click();
  await expect(page.getByRole('list', { name: 'Activity' })).toContainText('Routing back to the old index');
  await setMetric('failure_ratio', 0.01);
});
