import { expect, request as newRequest, test } from '@playwright/test';
import { ADMIN, adminApi, login, RUN } from './helpers';

test.describe.configure({ mode: 'serial' });

const TITLE = `Confidential rollout ${RUN}`;
let runId = '';
let templateId = '';

/** The client's router state on `from`: a navigation from there renders only the new page, not the shared layout. */
const routerState = (from: string) =>
  encodeURIComponent(
    JSON.stringify([
      '',
      {
        children: [
          '(app)',
          { children: from === '/' ? ['__PAGE__', {}] : [from.slice(1), { children: ['__PAGE__', {}] }] },
        ],
      },
    ]),
  );

test.beforeAll(async ({ baseURL }) => {
  const api = await adminApi(baseURL!);
  const t = await api.post('/api/v1/templates', {
    data: { name: `Confidential ${RUN}`, markdown: '# C\n- [ ] one\n' },
  });
  templateId = (await t.json()).id;
  const run = await api.post('/api/v1/runs', { data: { templateId, title: TITLE, environment: 'staging' } });
  expect(run.status()).toBe(201);
  runId = (await run.json()).id;
});

test('no page hands out data without a session: plain or RSC navigation, no cookie or a bogus one', async ({
  baseURL,
}) => {
  const pages = [
    '/',
    '/runs',
    `/runs/${runId}`,
    `/runs/${runId}/report`,
    '/health',
    '/templates',
    `/templates/${templateId}`,
    '/templates/import',
    '/admin',
    '/admin/targets',
  ];
  for (const cookie of [undefined, 'liftoff_session=forged-session-token']) {
    const stranger = await newRequest.newContext({ baseURL });
    for (const path of pages) {
      for (const rsc of [false, true]) {
        const headers: Record<string, string> = cookie ? { cookie } : {};
        if (rsc) {
          const from = path === '/' ? '/templates' : '/';
          Object.assign(headers, { RSC: '1', 'Next-Router-State-Tree': routerState(from) });
        }
        // Follow redirects by hand so every hop (Next adds `?_rsc=` first) keeps the RSC headers.
        let res = await stranger.get(path, { headers, maxRedirects: 0 });
        for (let hop = 0; hop < 5 && [307, 308].includes(res.status()); hop++) {
          const next = new URL(res.headers().location!, baseURL);
          if (next.pathname !== new URL(path, baseURL).pathname) break;
          res = await stranger.get(next.pathname + next.search, { headers, maxRedirects: 0 });
        }
        const body = await res.text();
        const what = `${rsc ? 'RSC' : 'plain'} ${path} with ${cookie ?? 'no cookie'}`;
        expect(body, what).not.toContain(TITLE);
        expect(body, what).not.toContain('Confidential');
        // A redirect to the login page (HTTP, or in the RSC flight payload), or 401.
        const location = res.headers().location ?? '';
        const toLogin = location.includes('/login') || /NEXT_REDIRECT;[a-z]+;\/login/.test(body);
        expect(toLogin || res.status() === 401, `${what}: ${res.status()} ${body.slice(0, 200)}`).toBe(true);
      }
    }
    await stranger.dispose();
  }
});

test('every page carries a nonce CSP and the hardening headers, and the app runs under it', async ({
  page,
  request,
}) => {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  const res = await page.goto('/login');
  const headers = res!.headers();
  expect(headers['content-security-policy']).toMatch(
    /script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/,
  );
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  const api = await request.get('/api/v1/health');
  expect(api.headers()['x-content-type-options']).toBe('nosniff');
  expect(api.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
  await login(page, ADMIN.email);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Runs' }).click();
  await expect(page.getByTestId('run-row').filter({ hasText: TITLE })).toBeVisible();
  expect(violations).toEqual([]);
});

test('login sends people only to paths on this site', async ({ page, baseURL }) => {
  const broken = await page.goto('/login?next=%0A');
  expect(broken!.status()).toBe(200);
  await page.goto('/login?next=%2F%09%2Fattacker.invalid');
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByTestId('current-user')).toBeVisible();
  expect(new URL(page.url()).host).toBe(new URL(baseURL!).host);
  expect(page.url()).not.toContain('attacker');
  // Logged in, the login page forwards at once: still only to this site.
  for (const next of ['%2F%5Cevil.example', '%0A', '%2F%2Fattacker.invalid']) {
    await page.goto(`/login?next=${next}`);
    await expect(page).toHaveURL(`${baseURL}/`);
  }
});

test('a cross-site form cannot act on the cookie', async ({ page, baseURL }) => {
  await login(page, ADMIN.email);
  const res = await page.request.post('/api/v1/auth/logout', { headers: { origin: 'https://evil.example' } });
  expect(res.status()).toBe(403);
  const me = await page.request.get('/api/v1/me');
  expect(me.status()).toBe(200);
  const own = await page.request.post('/api/v1/auth/logout', { headers: { origin: baseURL! } });
  expect(own.status()).toBe(200);
});

test('the server screens SQL with PostgreSQL’s parser and keeps Liftoff’s own store closed', async ({
  baseURL,
}) => {
  const api = await adminApi(baseURL!);
  const importing = (check: string) =>
    api.post('/api/v1/templates', {
      data: { name: `SQL screen ${RUN}`, markdown: `# S\n- [ ] probe <!-- check: ${check} -->\n` },
    });
  const allowed = await importing('postgres:main query "SELECT count(*) FROM jobs" > 0');
  expect(allowed.status(), await allowed.text()).toBeLessThan(300);
  const quoted = await importing(`postgres:main query "SELECT \\"pg_read_file\\"('/etc/hostname')"`);
  expect(quoted.status()).toBe(422);
  expect(await quoted.text()).toContain('pg_read_file() is not allowed');
  const own = await api.post('/api/v1/checks/evaluate', {
    data: { environment: 'local', check: 'postgres:self query "SELECT password_hash FROM users"' },
  });
  expect(own.status()).toBe(400);
  expect(await own.text()).not.toContain('$argon2');
});
