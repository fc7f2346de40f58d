import { expect, test } from '@playwright/test';
import { ADMIN, adminApi, login, RUN } from './helpers';

const RUNBOOK = `# Canary runbook ${RUN}

## Prepare
- [ ] Announce the window
- [ ] Check Redis answers
  \`\`\`bash
  redis-cli -h cache PING
  \`\`\`

## Rollback
- [ ] Revert the deploy
`;

test('import by drag and drop: preview, save, open, copy a command', async ({ browser, baseURL }) => {
  await adminApi(baseURL!);
  const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  await login(page, ADMIN.email);
  await page.goto('/templates');
  await expect(page.getByRole('link', { name: 'Redis Session Cache Rollout' })).toBeVisible();
  await page.getByRole('link', { name: 'Import a checklist' }).first().click();

  const dataTransfer = await page.evaluateHandle((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'canary.md', { type: 'text/markdown' }));
    return dt;
  }, RUNBOOK);
  await page.getByTestId('dropzone').dispatchEvent('drop', { dataTransfer });
  await expect(page.getByText('Loaded canary.md')).toBeVisible();

  const preview = page.getByTestId('preview');
  await expect(preview.getByRole('heading', { name: `Canary runbook ${RUN}` })).toBeVisible();
  await expect(preview.getByTestId('template-item')).toHaveCount(3);
  await expect(preview.getByText('redis:cache ping')).toBeVisible();
  await expect(preview.getByText('reference')).toBeVisible();

  await page.getByRole('button', { name: 'Save template' }).click();
  await expect(page).toHaveURL(/\/templates\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { name: `Canary runbook ${RUN}`, level: 1 })).toBeVisible();
  await expect(page.getByTestId('version-1-changes')).toHaveText('first version');

  await page.getByRole('button', { name: 'Copy command' }).first().click();
  await expect(page.getByRole('button', { name: 'Copy command' }).first()).toHaveText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('redis-cli -h cache PING');

  // Accept the suggested check with its target remapped to one configured here: a new version.
  const suggestion = page.getByTestId('suggested-check').first();
  await expect(suggestion).toContainText('redis:cache ping');
  await suggestion.getByRole('combobox', { name: /Target name/ }).fill('self');
  await expect(suggestion).toContainText('redis:self ping');
  await suggestion.getByRole('button', { name: 'Accept' }).click();
  await expect(page).toHaveURL(/version=2$/);
  await expect(page.getByTestId('template-item').filter({ hasText: 'Check Redis answers' })).toContainText(
    'redis:self ping',
  );
  await expect(page.getByTestId('version-2-changes')).toContainText('1 changed');
  await context.close();
});

test('the preview says clearly when a text has nothing to check', async ({ page, baseURL }) => {
  await adminApi(baseURL!);
  await login(page, ADMIN.email);
  await page.goto('/templates/import');
  await page.getByLabel('Checklist text').fill('# Just notes\n\nNo boxes here.');
  await expect(page.getByRole('main').getByRole('alert')).toContainText(/no checklist items found/i);
  await expect(page.getByRole('button', { name: 'Save template' })).toBeDisabled();
});

test('the template API answers 201, then a new version, and clear 413/415/422 errors', async ({
  baseURL,
}) => {
  const api = await adminApi(baseURL!);
  const name = `API checklist ${RUN}`;
  const first = await api.post(`/api/v1/templates?name=${encodeURIComponent(name)}`, {
    headers: { 'content-type': 'text/markdown' },
    data: '# T\n- [ ] one\n- [ ] two\n',
  });
  expect(first.status()).toBe(201);
  const created = await first.json();
  expect(created).toMatchObject({ name, version: 1, model: { counts: { items: 2 } } });

  const second = await api.post('/api/v1/templates', {
    data: { name, markdown: '# T\n- [ ] one\n- [ ] three\n' },
  });
  expect(second.status()).toBe(201);
  expect((await second.json()).changes).toMatchObject({ summary: expect.stringMatching(/added|changed/) });
  expect((await api.get(`/api/v1/templates/${created.id}/versions/1`)).status()).toBe(200);
  expect((await (await api.get(`/api/v1/templates/${created.id}`)).json()).version).toBe(2);
  expect((await api.get(`/api/v1/templates/${created.id}/versions/7`)).status()).toBe(404);

  const big = await api.post('/api/v1/templates', {
    headers: { 'content-type': 'text/plain' },
    data: `- [ ] x\n${'y'.repeat(2_200_000)}`,
  });
  expect(big.status()).toBe(413);
  const binary = await api.post('/api/v1/templates', {
    headers: { 'content-type': 'text/plain' },
    data: Buffer.from([0x2d, 0x20, 0x5b, 0x20, 0x5d, 0x00, 0xff, 0x00, 0x01]),
  });
  expect(binary.status()).toBe(415);
  const empty = await api.post('/api/v1/templates', { data: { name: 'nothing', markdown: 'just prose' } });
  expect(empty.status()).toBe(422);
  expect((await empty.json()).error.message).toMatch(/no checklist items found/i);
  const wrongType = await api.post('/api/v1/templates', {
    headers: { 'content-type': 'application/xml' },
    data: '<x/>',
  });
  expect(wrongType.status()).toBe(415);
});

test('raw HTML in a checklist is shown as text and never runs', async ({ page, baseURL }) => {
  const api = await adminApi(baseURL!);
  const markdown = `# Hostile ${RUN}\n\n<script>window.__pwned = 1</script>\n\n- [ ] Click <img src=x onerror="window.__pwned = 2"> here\n- [ ] [a link](javascript:window.__pwned=3)\n`;
  const res = await api.post('/api/v1/templates', { data: { name: `Hostile ${RUN}`, markdown } });
  expect(res.status()).toBe(201);
  const { id } = await res.json();
  await login(page, ADMIN.email);
  await page.goto(`/templates/${id}`);
  await expect(page.getByTestId('template-item').first()).toContainText('<img src=x onerror=');
  await expect(page.getByRole('link', { name: 'a link' })).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  await expect(page.locator('main img')).toHaveCount(0);
});

test('the preview lists the sections it does not count; one click counts one, also in a new version', async ({
  page,
  baseURL,
}) => {
  await adminApi(baseURL!);
  await login(page, ADMIN.email);
  await page.goto('/templates/import');
  const source = page.getByLabel('Checklist text');
  await source.fill(
    `# Queue drill ${RUN}\n\n## Steps\n<!-- keep in order -->\n- [ ] Open [the dashboard](https://grafana.example.com/d/q).\n\n## Troubleshooting\n- [ ] Restart the consumer\n`,
  );
  const preview = page.getByTestId('preview');
  const counted = preview
    .getByText('Counted for progress', { exact: true })
    .locator('xpath=following-sibling::dd');
  await expect(preview.getByRole('link', { name: 'the dashboard' })).toBeVisible();
  await expect(counted).toHaveText('1');
  const reference = preview.getByTestId('reference-sections');
  await reference.getByRole('button', { name: 'Count section Troubleshooting' }).click();
  await expect(source).toHaveValue(/## Troubleshooting <!-- liftoff: counted -->\n/);
  await expect(counted).toHaveText('2');

  await page.getByRole('button', { name: 'Save template' }).click();
  await expect(page).toHaveURL(/\/templates\/[0-9a-f-]{36}$/);
  await page.getByRole('button', { name: 'Stop counting section Troubleshooting' }).click();
  await expect(page).toHaveURL(/version=2$/);
  await expect(page.getByTestId('version-2-changes')).toContainText('1 changed');
  await expect(page.getByRole('button', { name: 'Count section Troubleshooting' })).toBeVisible();
});

test('plain-text commands under an item show as a code block with a copy button', async ({
  page,
  baseURL,
}) => {
  await adminApi(baseURL!);
  await login(page, ADMIN.email);
  await page.goto('/templates/import');
  await page
    .getByLabel('Checklist text')
    .fill('Release 1.2.3\n\n[ ] Build the distribution\n    make dist\n[ ] Tag it\n');
  const item = page.getByTestId('preview').getByTestId('template-item').first();
  await expect(item).toContainText('Build the distribution');
  await expect(item.locator('pre')).toHaveText('make dist');
  await expect(item.getByRole('button', { name: 'Copy command' })).toBeVisible();
  await expect(item.getByText('Build the distribution make dist')).toHaveCount(0);
});
