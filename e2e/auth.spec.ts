import { expect, test } from '@playwright/test';
import { ADMIN, adminApi, attemptLogin, createUser, login, PASSWORD, RUN } from './helpers';

test.describe.configure({ mode: 'serial' });

const QA = { email: `qa-${RUN}@example.io`, name: 'Quinn QA' };

test('first run: /setup creates the admin, then /setup is gone', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole('heading', { name: 'Welcome to Liftoff' })).toBeVisible();
  await page.getByLabel('Your name').fill(ADMIN.name);
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password', { exact: true }).fill('too short');
  await page.getByLabel('Confirm password').fill('too short');
  await page.getByRole('button', { name: 'Create admin account' }).click();
  await expect(page.getByRole('main').getByRole('alert')).toContainText('at least 12 characters');
  await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
  await page.getByLabel('Confirm password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Create admin account' }).click();
  await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
  await expect(page.getByTestId('current-user')).toHaveText(ADMIN.name);
  await expect(
    page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }),
  ).toBeVisible();

  await page.goto('/setup');
  await expect(page).toHaveURL(/\/(login)?$/);
});

test('the admin adds a QA user who logs in and out', async ({ page, browser }) => {
  await login(page, ADMIN.email);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click();
  await page.getByRole('button', { name: 'Add user' }).click();
  const form = page.getByRole('form', { name: 'Add a user' });
  await form.getByLabel('Name').fill(QA.name);
  await form.getByLabel('Email').fill(QA.email);
  await form.getByLabel('Initial password').fill(PASSWORD);
  await form.getByLabel('Engineer').uncheck();
  await form.getByLabel('QA').check();
  await form.getByRole('button', { name: 'Add user' }).click();
  await expect(page.getByTestId(`user-row-${QA.email}`)).toContainText(QA.name);

  const qa = await (await browser.newContext()).newPage();
  await login(qa, QA.email);
  await expect(qa.getByRole('heading', { name: 'Overview' })).toBeVisible();
  await expect(qa.getByTestId('current-user')).toHaveText(QA.name);
  await expect(qa.getByRole('link', { name: 'Admin' })).toHaveCount(0);
  await qa.getByRole('button', { name: 'Log out' }).click();
  await expect(qa).toHaveURL(/\/login$/);
  await qa.goto('/runs');
  await expect(qa).toHaveURL(/\/login\?next=%2Fruns$/);
});

test('a wrong password and an unknown email get the same clear message', async ({ page }) => {
  await attemptLogin(page, QA.email, 'not the password at all');
  const wrong = await page.getByRole('main').getByRole('alert').textContent();
  expect(wrong).toContain('do not match');
  await attemptLogin(page, `nobody-${RUN}@example.io`, 'not the password at all');
  await expect(page.getByRole('main').getByRole('alert')).toHaveText(wrong!);
  await expect(page).toHaveURL(/\/login/);
});

test('a disabled user is logged out on their next request', async ({ page, browser, baseURL }) => {
  const api = await adminApi(baseURL!);
  const victim = await createUser(api, {
    email: `gone-${RUN}@example.io`,
    name: 'Gone Soon',
    roles: ['engineer'],
  });
  await login(page, victim.email);
  await expect(page.getByTestId('current-user')).toHaveText('Gone Soon');

  const admin = await (await browser.newContext()).newPage();
  await login(admin, ADMIN.email);
  await admin.goto('/admin');
  await admin.getByTestId(`user-row-${victim.email}`).getByRole('button', { name: 'Disable' }).click();
  await expect(admin.getByTestId(`user-row-${victim.email}`)).toContainText('disabled');

  await page.reload();
  await expect(page).toHaveURL(/\/login/);
  const me = await page.request.get('/api/v1/me');
  expect(me.status()).toBe(401);
});

test('a viewer gets 403 on the admin page and its API', async ({ page, baseURL }) => {
  const api = await adminApi(baseURL!);
  const viewer = await createUser(api, {
    email: `viewer-${RUN}@example.io`,
    name: 'Vic Viewer',
    roles: ['viewer'],
  });
  await login(page, viewer.email);
  await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
  const res = await page.goto('/admin');
  expect(res?.status()).toBe(403);
  await expect(page.getByRole('heading', { name: 'You do not have access to this page' })).toBeVisible();
  const apiRes = await page.request.get('/api/v1/users');
  expect(apiRes.status()).toBe(403);
  expect((await apiRes.json()).error.code).toBe('forbidden');
});

test('an API key works until the admin revokes it', async ({ page, playwright, baseURL }) => {
  await login(page, ADMIN.email);
  await page.goto('/admin');
  const form = page.getByRole('form', { name: 'Create an API key' });
  await form.getByLabel('Acts as (user email)').fill(QA.email);
  await form.getByLabel('Key name').fill('deploy pipeline');
  await form.getByRole('button', { name: 'Create key' }).click();
  const key = (await page.getByTestId('new-api-key').textContent())!.trim();
  expect(key).toMatch(/^lft_/);

  const bot = await playwright.request.newContext({ baseURL });
  const me = await bot.get('/api/v1/me', { headers: { authorization: `Bearer ${key}` } });
  expect(await me.json()).toEqual({ email: QA.email, name: QA.name, roles: ['qa'] });
  expect((await bot.get('/api/v1/me', { headers: { 'x-api-key': key } })).status()).toBe(200);

  await page.getByRole('button', { name: 'Revoke deploy pipeline' }).click();
  await expect(page.getByText('revoked')).toBeVisible();
  const after = await bot.get('/api/v1/me', { headers: { authorization: `Bearer ${key}` } });
  expect(after.status()).toBe(401);
  expect((await after.json()).error.code).toBe('unauthorized');
});

test('public health answers without a login; everything else needs one', async ({ playwright, baseURL }) => {
  const anon = await playwright.request.newContext({ baseURL });
  const health = await anon.get('/api/v1/health');
  expect(health.status()).toBe(200);
  expect((await health.json()).dependencies.redis.status).toBe('ok');
  for (const path of ['/api/v1/me', '/api/v1/users', '/metrics']) {
    expect((await anon.get(path)).status(), path).toBe(401);
  }
  const page = await anon.get('/admin', { maxRedirects: 0 });
  expect(page.status()).toBe(307);
});

test('the theme switches between light and dark and is remembered', async ({ page }) => {
  await login(page, ADMIN.email);
  const html = page.locator('html');
  const before = (await html.getAttribute('class')) ?? '';
  await page.getByRole('button', { name: /Switch to (dark|light) theme/ }).click();
  await expect(html).toHaveClass(before.includes('dark') ? /^(?!.*dark)/ : /dark/);
  await page.reload();
  await expect(html).toHaveClass(before.includes('dark') ? /^(?!.*dark)/ : /dark/);
});
