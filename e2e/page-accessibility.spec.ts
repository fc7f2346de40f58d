// Named to sort after auth.spec.ts, whose first test needs the store before any admin exists.
import AxeBuilder from '@axe-core/playwright';
import { type APIRequestContext, expect, type Page, test } from '@playwright/test';
import { ADMIN, adminApi, login, RUN } from './helpers';

/** A checklist that puts every kind of row on the page: a suggested check, a bound check, a reference section. */
const CHECKLIST = `# Contrast drill ${RUN}

**Deployed by**: ______

## Steps
- [ ] Announce the release
- [ ] Check Redis answers
  \`\`\`bash
  redis-cli -h cache PING
  \`\`\`
- [ ] PostgreSQL answers <!-- check: postgres:self ping -->
- [ ] Smoke test

## Rollback plan
- [ ] Revert the deploy
`;

/** Serious and critical findings (colour contrast included), each with the elements it names. */
async function seriousViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ rule: v.id, nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary}`) }));
}

/** A template with a suggestion and a bound check, and a run of it with done, skipped, failed, noted and verified items. */
async function seed(api: APIRequestContext, name: string) {
  const t = await api.post('/api/v1/templates', { data: { name, markdown: CHECKLIST } });
  expect(t.status(), await t.text()).toBe(201);
  const templateId = (await t.json()).id as string;
  const r = await api.post('/api/v1/runs', {
    data: { templateId, title: 'Contrast drill', environment: 'local' },
  });
  expect(r.status(), await r.text()).toBe(201);
  const run = (await r.json()) as { id: string; items: { id: string; text: string }[] };
  const itemId = (text: string) => run.items.find((i) => i.text.includes(text))!.id;
  const write = (text: string, data: object) =>
    api.patch(`/api/v1/runs/${run.id}/items/${encodeURIComponent(itemId(text))}`, { data });
  expect((await write('Announce the release', { state: 'done' })).status()).toBe(200);
  expect((await write('Check Redis answers', { state: 'skipped', note: 'no Redis here' })).status()).toBe(
    200,
  );
  expect((await write('Smoke test', { state: 'failed', note: 'a 500 on /login' })).status()).toBe(200);
  const verified = await api.post(
    `/api/v1/runs/${run.id}/items/${encodeURIComponent(itemId('PostgreSQL answers'))}/verify`,
    { data: {} },
  );
  expect(verified.status(), await verified.text()).toBe(200);
  return { templateId, runId: run.id };
}

for (const scheme of ['light', 'dark'] as const) {
  test(`overview, health, template and run pages have no serious accessibility findings (${scheme})`, async ({
    page,
    baseURL,
  }) => {
    const { templateId, runId } = await seed(await adminApi(baseURL!), `Contrast drill ${scheme} ${RUN}`);
    await page.emulateMedia({ colorScheme: scheme });
    await login(page, ADMIN.email);
    const found: Record<string, unknown> = {};

    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    found.overview = await seriousViolations(page);

    await page.goto('/health?environment=staging');
    await expect(page.getByTestId('instance-api-1')).toContainText('up', { timeout: 20_000 });
    found.health = await seriousViolations(page);

    await page.goto(`/templates/${templateId}`);
    await expect(page.getByTestId('suggested-check').first()).toBeVisible();
    found.template = await seriousViolations(page);

    await page.goto(`/runs/${runId}`);
    await expect(page.getByTestId('item-evidence')).toBeVisible();
    await expect(page.getByRole('img', { name: 'Live' })).toBeVisible();
    found.run = await seriousViolations(page);

    expect(found).toEqual({ overview: [], health: [], template: [], run: [] });
  });
}
