import { expect, type Page, test } from '@playwright/test';
import { corpusAvailable, missingCorpusLine, seed } from '../tests/support/corpus';
import { ADMIN, adminApi, login, RUN } from './helpers';

const DRILL = `# Coverage drill ${RUN}

- [ ] Redis answers \`redis-cli -h cache PING\`
- [ ] Redis holds the session keys \`redis-cli -h cache DBSIZE\`
- [ ] Announce the window in the team channel
`;

const row = (page: Page, text: string) => page.getByTestId('suggestion-row').filter({ hasText: text });

test('review suggestions by kind, reject one for good, accept the rest, then Verify all in a run', async ({
  page,
  baseURL,
}) => {
  const api = await adminApi(baseURL!);
  const created = await api.post('/api/v1/templates', { data: { name: `Coverage ${RUN}`, markdown: DRILL } });
  expect(created.status(), await created.text()).toBe(201);
  const template = await created.json();
  await login(page, ADMIN.email);
  await page.goto(`/templates/${template.id}`);

  await expect(page.getByTestId('coverage')).toContainText('2 of 3');
  await page.getByText(/1 item needs a person/).click();
  await expect(page.getByText('Announce the window in the team channel').first()).toBeVisible();
  await page.getByLabel('Bind to the targets of').selectOption('local');

  // Rejected: gone from this and every later version, written in the source.
  await row(page, 'session keys')
    .getByRole('button', { name: /^Reject/ })
    .click();
  await expect(page).toHaveURL(/version=2$/);
  await expect(row(page, 'session keys')).toHaveCount(0);
  await expect(page.getByTestId('coverage')).toContainText('1 of 3');

  // Accept the whole kind: `local` has one Redis, so the check is bound to it without asking.
  await page.getByLabel('Bind to the targets of').selectOption('local');
  const group = page.getByRole('region', { name: /suggestions$/ }).first();
  await expect(group.getByText('redis:self ping')).toBeVisible();
  await group.getByRole('button', { name: 'Accept all of this kind' }).click();
  await expect(page).toHaveURL(/version=3$/);
  await expect(page.getByText('No suggestions waiting for review.')).toBeVisible();
  await expect(page.getByTestId('template-item').filter({ hasText: 'Redis answers' })).toContainText(
    'redis:self ping',
  );
  const source = await (await api.get(`/api/v1/templates/${template.id}`)).json();
  expect(source.source).toContain('<!-- reject: ');

  const run = await api.post('/api/v1/runs', {
    data: { templateId: template.id, title: `Verify all ${RUN}`, environment: 'local' },
  });
  expect(run.status(), await run.text()).toBe(201);
  await page.goto(`/runs/${(await run.json()).id}`);
  await page.getByRole('button', { name: 'Verify all (1)' }).click();
  await expect(page.getByRole('status').filter({ hasText: '1 done' })).toBeVisible();
  const item = page.getByTestId('run-item').filter({ hasText: 'Redis answers' });
  await expect(item.getByText('verified by check')).toBeVisible();
  await expect(item.getByTestId('item-evidence')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Verify all (0)' })).toBeDisabled();
});

test('seed 003: accept every liveness and threshold suggestion for local, Verify all records evidence', async ({
  page,
  baseURL,
}) => {
  test.skip(!corpusAvailable && process.env.CI !== 'true', missingCorpusLine(1));
  const api = await adminApi(baseURL!);
  const created = await api.post(`/api/v1/templates?name=${encodeURIComponent(`Session cache ${RUN}`)}`, {
    headers: { 'content-type': 'text/markdown' },
    data: seed('003').bytes,
  });
  expect(created.status(), await created.text()).toBe(201);
  const template = await created.json();
  expect(template.model.counts.verifiable).toBeGreaterThanOrEqual(8);
  await login(page, ADMIN.email);
  await page.goto(`/templates/${template.id}`);
  await expect(page.getByTestId('coverage')).toContainText(`${template.model.counts.verifiable} of`);

  // Liveness: Redis is bound to local's one Redis; the service's health checks cannot go to
  // Liftoff itself (`http:self` answers only its own health path): said, not bound, still offered.
  await page.getByLabel('Bind to the targets of').selectOption('local');
  await page
    .getByRole('region', { name: 'Liveness suggestions' })
    .getByRole('button', { name: 'Accept all of this kind' })
    .click();
  await expect(page).toHaveURL(/version=2$/);
  await expect(page.getByRole('status').filter({ hasText: 'not bound' })).toContainText('/api/v1/health');
  const liveness = page.getByRole('region', { name: 'Liveness suggestions' }).getByTestId('suggestion-row');
  await expect(liveness.filter({ hasText: 'http:' }).first()).toBeVisible();
  await expect(liveness.filter({ hasText: 'redis:' })).toHaveCount(0);

  await page.getByLabel('Bind to the targets of').selectOption('local');
  await page
    .getByRole('region', { name: 'Thresholds suggestions' })
    .getByRole('button', { name: 'Accept all of this kind' })
    .click();
  await expect(page).toHaveURL(/version=3$/);
  await expect(page.getByRole('region', { name: 'Thresholds suggestions' })).toHaveCount(0);

  const latest = await (await api.get(`/api/v1/templates/${template.id}`)).json();
  const bound = latest.model.items.filter((i: { check?: string }) => i.check);
  expect(bound.length).toBeGreaterThanOrEqual(4);
  expect(bound.every((i: { check: string }) => /^(redis|postgres|http|tcp):self /.test(i.check))).toBe(true);

  const run = await api.post('/api/v1/runs', {
    data: { templateId: template.id, title: `Seed 003 ${RUN}`, environment: 'local' },
  });
  expect(run.status(), await run.text()).toBe(201);
  await page.goto(`/runs/${(await run.json()).id}`);
  await page.getByRole('button', { name: `Verify all (${bound.length})` }).click();
  await expect(page.getByRole('status').filter({ hasText: /\d+ done/ })).toBeVisible({ timeout: 30_000 });
  // Every bound item now carries the evidence of its check; Redis answered, so its items are done.
  await expect(page.getByTestId('item-evidence')).toHaveCount(bound.length);
  const redisUp = page.getByTestId('run-item').filter({ hasText: 'Railway Redis service deployed' });
  await expect(redisUp).toHaveAttribute('data-state', 'done');
  await expect(redisUp.getByText('verified by check')).toBeVisible();
});
