import { type APIRequestContext, type Browser, expect, type Page, test } from '@playwright/test';
import { adminApi, createUser, login, RUN } from './helpers';

const ANN = { email: `ann-${RUN}@example.io`, name: 'Ann Engineer', roles: ['engineer'] };
const BEN = { email: `ben-${RUN}@example.io`, name: 'Ben Engineer', roles: ['engineer'] };
const QA = { email: `qa2-${RUN}@example.io`, name: 'Quinn Tester', roles: ['qa'] };
const PO = { email: `po-${RUN}@example.io`, name: 'Pat Owner', roles: ['po'] };

const CHECKLIST = `# Release drill ${RUN}

**Deployed by**: ______

## Steps
- [ ] Announce the release
- [ ] Deploy the service
- [ ] Smoke test

## Rollback plan
- [ ] Revert the deploy
`;

async function as(browser: Browser, email: string, path: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await login(page, email);
  await page.goto(path);
  return page;
}

const item = (page: Page, text: string) => page.getByTestId('run-item').filter({ hasText: text });

async function setup(api: APIRequestContext) {
  for (const u of [ANN, BEN, QA, PO]) await createUser(api, u);
  const t = await api.post('/api/v1/templates', {
    data: { name: `Release drill ${RUN}`, markdown: CHECKLIST },
  });
  expect(t.status(), await t.text()).toBe(201);
  return (await t.json()).id as string;
}

test('two engineers tick live, a stale view gets a conflict, QA and PO sign, an untick makes both stale', async ({
  browser,
  baseURL,
}) => {
  const api = await adminApi(baseURL!);
  const templateId = await setup(api);

  // Ann starts the run from the template page: two clicks.
  const ann = await as(browser, ANN.email, `/templates/${templateId}`);
  await ann.getByRole('button', { name: 'Start a run' }).click();
  await ann.getByRole('form', { name: 'Start a run' }).getByLabel('Release version').fill('v0.1.7');
  await ann.getByRole('button', { name: 'Start', exact: true }).click();
  await expect(ann).toHaveURL(/\/runs\/[0-9a-f-]{36}$/);
  const runPath = new URL(ann.url()).pathname;
  await expect(ann.getByTestId('run-status')).toHaveText('Not started');

  const ben = await as(browser, BEN.email, runPath);
  // A second tab of Ben's whose live stream is cut: its view goes stale.
  const stale = await (await browser.newContext()).newPage();
  await login(stale, BEN.email);
  await stale.route('**/events', (route) => route.abort());
  await stale.goto(runPath);
  await expect(item(stale, 'Announce the release')).toHaveAttribute('data-state', 'open');

  await expect(ann.getByTestId('presence').getByText('Ben Engineer')).toBeAttached();

  // Ann ticks; Ben sees it within a second, without reloading.
  await item(ann, 'Announce the release').getByRole('checkbox').check();
  await expect(item(ben, 'Announce the release')).toHaveAttribute('data-state', 'done', { timeout: 1_000 });
  await expect(item(ben, 'Announce the release').getByTestId('item-by')).toContainText('Ann Engineer');
  await expect(ben.getByTestId('run-status')).toHaveText('In progress');

  // Ben, from the stale tab, changes the same item: a clear conflict naming Ann.
  await item(stale, 'Announce the release').getByRole('button', { name: 'Fail' }).click();
  await stale.getByLabel('What failed').fill('did not happen');
  await stale.getByRole('button', { name: 'Mark failed' }).click();
  await expect(item(stale, 'Announce the release').getByRole('alert')).toContainText('Ann Engineer');
  await expect(item(stale, 'Announce the release')).toHaveAttribute('data-state', 'done');

  // Keyboard: j moves to the next item, x ticks it; n opens a note.
  await ann.getByRole('heading', { name: `Release drill ${RUN}` }).click();
  await ann.keyboard.press('j');
  await ann.keyboard.press('x');
  await expect(item(ann, 'Deploy the service')).toHaveAttribute('data-state', 'done');
  await ann.keyboard.press('n');
  await ann.getByRole('textbox', { name: 'Note', exact: true }).fill('deployed 3 pods');
  await ann.keyboard.press('Enter');
  await expect(item(ben, 'Deploy the service').getByTestId('item-note')).toContainText('deployed 3 pods');

  // Skipping needs a reason; then the run is complete (the rollback section is reference).
  await item(ann, 'Smoke test').getByRole('button', { name: 'Skip' }).click();
  await ann.getByLabel('Reason for skipping').fill('covered by canary');
  await ann.getByRole('button', { name: 'Skip', exact: true }).click();
  await expect(ann.getByTestId('run-status')).toHaveText('Completed');
  await ann.getByLabel('Deployed by').fill('Ann');
  await ann.getByLabel('Deployed by').press('Enter');

  const qa = await as(browser, QA.email, runPath);
  await qa.getByTestId('signoff-QA').getByRole('button', { name: 'Sign' }).click();
  await expect(qa.getByTestId('signoff-QA')).toContainText('Quinn Tester');
  await expect(qa.getByTestId('signoff-Developer').getByRole('button')).toHaveCount(0);

  const po = await as(browser, PO.email, runPath);
  await po.getByTestId('signoff-Product Owner').getByRole('button', { name: 'Sign' }).click();
  await expect(po.getByTestId('signoff-Product Owner')).toContainText('Pat Owner');
  await expect(ann.getByTestId('signoff-QA')).toContainText('Quinn Tester');

  // Ann unticks: both signatures no longer match what was signed.
  await item(ann, 'Announce the release').getByRole('checkbox').uncheck();
  await expect(ann.getByTestId('signoff-QA').getByText('stale')).toBeVisible();
  await expect(ann.getByTestId('signoff-Product Owner').getByText('stale')).toBeVisible();
  await expect(ann.getByTestId('run-status')).toHaveText('In progress');

  // The report: the filled-in checklist as Markdown, and a printable page.
  const report = await api.get(`/api/v1${runPath}/report?format=md`);
  const md = await report.text();
  expect(md).toContain('- [x] Deploy the service');
  expect(md).toContain('- [ ] Announce the release');
  expect(md).toMatch(/Quinn Tester/);
  await ann.getByRole('link', { name: 'Report' }).click();
  await expect(ann.getByTestId('report')).toContainText('Deploy the service');
  await expect(ann.getByRole('navigation', { name: 'Main' })).toHaveCount(0);

  // Activity tab lists the trail.
  await ann.goto(runPath);
  await ann.getByRole('tab', { name: 'activity' }).click();
  await expect(ann.getByRole('list', { name: 'Activity' })).toContainText('signed as QA');
});

test('a viewer reads a run but cannot change it; the API says why', async ({ browser, baseURL }) => {
  const api = await adminApi(baseURL!);
  const viewer = await createUser(api, {
    email: `ro-${RUN}@example.io`,
    name: 'Rita Reader',
    roles: ['viewer'],
  });
  const t = await api.post('/api/v1/templates', {
    data: { name: `Viewer drill ${RUN}`, markdown: '# V\n- [ ] one\n- [ ] two\n' },
  });
  const run = await api.post('/api/v1/runs', {
    data: { templateId: (await t.json()).id, title: 'Viewer drill', environment: 'staging' },
  });
  expect(run.status()).toBe(201);
  const { id, items } = await run.json();
  const page = await as(browser, viewer.email, `/runs/${id}`);
  await expect(page.getByTestId('run-item').first().getByRole('checkbox')).toBeDisabled();
  const res = await page.request.patch(`/api/v1/runs/${id}/items/${items[0].id}`, {
    data: { state: 'done' },
  });
  expect(res.status()).toBe(403);
  expect((await res.json()).error.message).toMatch(/engineer/);
  const skip = await api.patch(`/api/v1/runs/${id}/items/${items[0].id}`, { data: { state: 'skipped' } });
  expect(skip.status()).toBe(422);
  await page.goto(`/runs?environment=staging`);
  await expect(page.getByTestId('run-row').filter({ hasText: 'Viewer drill' })).toBeVisible();
});
