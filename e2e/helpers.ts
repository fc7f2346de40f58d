import { type APIRequestContext, expect, request as newRequest, type Page } from '@playwright/test';

/** Keeps this run's emails apart from earlier runs; set once in playwright.config.ts. */
export const RUN = process.env.E2E_RUN ?? Date.now().toString(36);
export const PASSWORD = 'correct horse battery staple';
export const ADMIN = { email: `admin-${RUN}@example.io`, name: 'Ada Admin', password: PASSWORD };

export async function attemptLogin(page: Page, email: string, password = PASSWORD) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

/** Logs in and waits until the app shell shows the user. */
export async function login(page: Page, email: string, password = PASSWORD) {
  await attemptLogin(page, email, password);
  await expect(page.getByTestId('current-user')).toBeVisible();
}

/** Makes sure the first admin exists (through /api/v1/setup on a fresh store) and returns an API context logged in as them. */
export async function adminApi(baseURL: string): Promise<APIRequestContext> {
  const ctx = await newRequest.newContext({ baseURL });
  const setup = await ctx.post('/api/v1/setup', { data: ADMIN });
  if (setup.status() !== 201) {
    const res = await ctx.post('/api/v1/auth/login', {
      data: { email: ADMIN.email, password: ADMIN.password },
    });
    expect(res.status(), await res.text()).toBe(200);
  }
  return ctx;
}

export async function createUser(
  api: APIRequestContext,
  user: { email: string; name: string; roles: string[] },
) {
  const res = await api.post('/api/v1/users', { data: { ...user, password: PASSWORD } });
  expect([201, 409], await res.text()).toContain(res.status());
  return user;
}
