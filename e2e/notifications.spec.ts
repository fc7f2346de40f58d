import { expect, test } from '@playwright/test';
import { ADMIN, adminApi, createUser, login, RUN } from './helpers';

const VIC = { email: `vic-${RUN}@example.io`, name: 'Vic Viewer', roles: ['viewer'] };

const CHECKLIST = `# Follow drill ${RUN}

## Steps
- [ ] Deploy
- [ ] Smoke test
`;

test('a follower’s bell shows "ready for sign-off" live when someone else ticks the last item', async ({
  page,
  baseURL,
}) => {
  const api = await adminApi(baseURL!);
  await createUser(api, VIC);
  const template = await api.post('/api/v1/templates', {
    data: { name: `Follow drill ${RUN}`, markdown: CHECKLIST },
  });
  expect(template.status(), await template.text()).toBe(201);
  const created = await api.post('/api/v1/runs', {
    data: { templateId: (await template.json()).id, title: `Follow me ${RUN}`, environment: 'staging' },
  });
  expect(created.status(), await created.text()).toBe(201);
  const run = (await created.json()) as { id: string; items: { id: string }[] };

  await login(page, VIC.email);
  await page.goto(`/runs/${run.id}`);
  const follow = page.getByRole('button', { name: 'Follow', exact: true });
  await follow.click();
  await expect(page.getByRole('button', { name: 'Following' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('notification-count')).toHaveCount(0);

  // The admin (another user) ticks both items over the API; Vic's page is not reloaded.
  for (const item of run.items) {
    const res = await api.patch(`/api/v1/runs/${run.id}/items/${item.id}`, { data: { state: 'done' } });
    expect(res.status(), await res.text()).toBe(200);
  }
  await expect(page.getByTestId('notification-count')).toHaveText('1');
  await page.getByRole('button', { name: 'Notifications, 1 unread' }).click();
  const list = page.getByRole('region', { name: 'Notifications' });
  await expect(list.getByTestId('notification')).toHaveCount(1);
  await expect(list.getByTestId('notification').first()).toContainText(
    `Run "Follow me ${RUN}" is ready for sign-off: waiting for Developer, DevOps, QA, Product Owner`,
  );
  await list.getByRole('button', { name: 'Mark all read' }).click();
  await expect(page.getByTestId('notification-count')).toHaveCount(0);

  // Unfollowing stops it: the button says so after a reload.
  await page.getByRole('button', { name: 'Following' }).click();
  await page.reload();
  await expect(page.getByRole('button', { name: 'Follow', exact: true })).toHaveAttribute(
    'aria-pressed',
    'false',
  );
});

test('an admin sends a test notification and sees it delivered in the log', async ({ page, baseURL }) => {
  await adminApi(baseURL!);
  await login(page, ADMIN.email);
  await page.goto('/admin');
  await page.getByRole('link', { name: 'Notifications' }).click();
  await expect(page.getByRole('heading', { name: 'Notifications', level: 1 })).toBeVisible();
  const channels = page.getByTestId('channels');
  // The URL is masked down to its host.
  await expect(channels).toContainText('e2e-hook');
  await expect(channels).toContainText(/http:\/\/127\.0\.0\.1:\d+\/\*\*\*/);
  await expect(channels).not.toContainText('hooks/liftoff');

  await page.getByRole('button', { name: 'Send test to e2e-hook' }).click();
  await expect(page.getByText('Test message to e2e-hook queued')).toBeVisible();
  const log = page.getByTestId('delivery-log');
  const row = log.getByTestId('delivery').filter({ hasText: 'Test notification from Liftoff' }).first();
  await expect(row).toHaveAttribute('data-state', 'delivered');
  await expect(row).toContainText('e2e-hook');
  // Its attempts: one, answered 200.
  await row.getByRole('button', { name: 'Show 1 attempt of this delivery' }).click();
  await expect(log.getByRole('list', { name: /Attempts of/ }).first()).toContainText('delivered · 200');

  // Filtering by state keeps it; filtering by another event hides it.
  await page.getByLabel('State').selectOption('delivered');
  await expect(row).toBeVisible();
  await page.getByLabel('Event').selectOption('health.unhealthy');
  await expect(log.getByTestId('delivery').filter({ hasText: 'Test notification' })).toHaveCount(0);
});
