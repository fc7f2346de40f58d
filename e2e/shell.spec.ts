import { expect, test } from '@playwright/test';
import { ADMIN, adminApi } from './helpers';

test('the favicon and app icons answer without a login', async ({ request, page }) => {
  const ico = await request.get('/favicon.ico', { maxRedirects: 0 });
  expect(ico.status()).toBe(200);
  expect(ico.headers()['content-type']).toMatch(/^image\/(x-icon|vnd\.microsoft\.icon)/);
  expect([...(await ico.body()).subarray(0, 4)]).toEqual([0, 0, 1, 0]); // an ICO, not a page
  for (const [path, type] of [
    ['/icon.svg', 'image/svg+xml'],
    ['/apple-touch-icon.png', 'image/png'],
  ] as const) {
    const res = await request.get(path, { maxRedirects: 0 });
    expect(res.status(), path).toBe(200);
    expect(res.headers()['content-type'], path).toContain(type);
  }
  // Every page, the login page included, points the browser at them.
  await page.goto('/login');
  await expect(page.locator('link[rel="icon"][href^="/favicon.ico"]')).toHaveCount(1);
  await expect(page.locator('link[rel="apple-touch-icon"]')).toHaveAttribute('href', /apple-touch-icon\.png/);
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true });

  test('the header folds into a menu that opens, closes with Escape and navigates', async ({
    page,
    baseURL,
  }) => {
    await adminApi(baseURL!);
    const login = await page.request.post('/api/v1/auth/login', {
      data: { email: ADMIN.email, password: ADMIN.password },
    });
    expect(login.status()).toBe(200);
    await page.goto('/');
    const header = page.getByRole('banner');
    const menu = header.getByRole('button', { name: 'Menu' });
    const nav = page.getByRole('navigation', { name: 'Main' });

    // One row: logo and menu button, no column of links beside the logo.
    await expect(menu).toHaveAttribute('aria-expanded', 'false');
    await expect(nav).toBeHidden();
    expect((await header.boundingBox())!.height).toBeLessThan(80);

    await menu.click();
    await expect(menu).toHaveAttribute('aria-expanded', 'true');
    await expect(page.locator(`#${await menu.getAttribute('aria-controls')}`)).toBeVisible();
    await expect(nav.getByRole('link', { name: 'Health' })).toBeVisible();
    await expect(page.getByTestId('current-user')).toHaveText(ADMIN.name);
    await page.keyboard.press('Escape');
    await expect(menu).toHaveAttribute('aria-expanded', 'false');
    await expect(nav).toBeHidden();
    await expect(menu).toBeFocused();

    await menu.click();
    await nav.getByRole('link', { name: 'Health' }).click();
    await expect(page).toHaveURL(/\/health/);
    await expect(page.getByRole('heading', { name: 'Health', level: 1 })).toBeVisible();
    await expect(menu).toHaveAttribute('aria-expanded', 'false');
    await expect(nav).toBeHidden();
  });
});
