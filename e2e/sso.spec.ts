import { type Browser, type BrowserContext, expect, type Page, test } from '@playwright/test';
import { startTestProvider, type TestProvider } from '../tests/support/oidc-provider';
import { PASSWORD } from './helpers';
import { freePort, freshDataDir, type LiftoffServer, liftoffCli, startLiftoff } from './sso-server';

/**
 * Single sign-on through a real OpenID provider (oidc-provider, started here on a free port)
 * against a Liftoff of its own, configured for that provider.
 */
test.describe.configure({ mode: 'serial' });

const ROLE_MAP = 'platform=engineer,sre=devops,dev=developer,qa-team=qa,liftoff-admins=admin';
let idp: TestProvider;
let liftoff: LiftoffServer;
let base: string;

test.beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  idp = await startTestProvider({
    redirectUris: [`${base}/api/v1/auth/oidc/callback`],
    postLogoutRedirectUris: [`${base}/login`],
  });
  idp.setAccount('alice', {
    email: 'alice@example.io',
    email_verified: true,
    name: 'Alice SSO',
    groups: ['platform', 'sre'],
  });
  idp.setAccount('root', {
    email: 'root@example.io',
    email_verified: true,
    name: 'Root SSO',
    groups: ['liftoff-admins'],
  });
  liftoff = await startLiftoff(port, {
    LIFTOFF_OIDC_ISSUER: idp.issuer,
    LIFTOFF_OIDC_CLIENT_ID: idp.clientId,
    LIFTOFF_OIDC_CLIENT_SECRET: idp.clientSecret,
    LIFTOFF_OIDC_NAME: 'Test IdP',
    LIFTOFF_OIDC_SCOPES: 'openid email profile groups',
    LIFTOFF_OIDC_ROLE_MAP: ROLE_MAP,
  });
});

test.afterAll(async () => {
  await liftoff?.stop();
  await idp?.stop();
});

const contexts: BrowserContext[] = [];
test.afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});

/** A fresh browser; the provider's pages ask for a web font this machine cannot reach. */
async function freshPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  contexts.push(context);
  await context.route(/fonts\.googleapis\.com/, (route) => route.abort());
  return context.newPage();
}

/** Clicks the button on Liftoff's login page and signs in on the provider's own form. */
async function ssoLogin(page: Page, sub: string) {
  await page.goto(`${base}/login`);
  await page.getByRole('link', { name: 'Sign in with Test IdP' }).click();
  await page.getByPlaceholder('Enter any login').fill(sub);
  await page.getByPlaceholder('and password').fill('anything');
  await page.getByRole('button', { name: 'Sign-in' }).click();
}

const failurePage = async (page: Page, sentence: string | RegExp) => {
  await expect(page.getByRole('heading', { name: 'Single sign-on failed' })).toBeVisible();
  await expect(page.getByRole('main').getByRole('alert')).toContainText(sentence);
  await expect(page.getByTestId('current-user')).toHaveCount(0);
};

test('one click signs a new user in with the roles their groups map to', async ({ browser }) => {
  const alice = await freshPage(browser);
  await ssoLogin(alice, 'alice');
  await expect(alice.getByTestId('current-user')).toHaveText('Alice SSO');
  await expect(alice).toHaveURL(`${base}/`);
  const me = await (await alice.request.get(`${base}/api/v1/me`)).json();
  expect(me).toMatchObject({ email: 'alice@example.io', name: 'Alice SSO' });
  expect(me.roles.sort()).toEqual(['devops', 'engineer']);
});

test('the admin page shows the source and the groups; new groups apply at the next sign-in', async ({
  browser,
}) => {
  const root = await freshPage(browser);
  await ssoLogin(root, 'root');
  await root.goto(`${base}/admin`);
  const row = root.getByTestId('user-row-alice@example.io');
  await expect(row.getByText('SSO', { exact: true })).toBeVisible();
  await expect(row.getByRole('list', { name: 'Roles of Alice SSO from groups' })).toHaveText(
    /platform → Engineer.*sre → DevOps/,
  );

  const alice = await freshPage(browser);
  await ssoLogin(alice, 'alice');
  await expect(alice.getByTestId('current-user')).toHaveText('Alice SSO');
  // Alice leaves the SRE team at the provider; an admin makes her sign in again.
  idp.setAccount('alice', {
    email: 'alice@example.io',
    email_verified: true,
    name: 'Alice SSO',
    groups: ['platform', 'qa-team'],
  });
  await row.getByRole('button', { name: 'Sign out' }).click();
  await alice.goto(`${base}/runs`);
  await expect(alice).toHaveURL(/\/login\?next=%2Fruns$/);
  // Still signed in at the provider: one click, no form.
  await alice.getByRole('link', { name: 'Sign in with Test IdP' }).click();
  await expect(alice).toHaveURL(`${base}/runs`);
  const me = await (await alice.request.get(`${base}/api/v1/me`)).json();
  expect(me.roles.sort()).toEqual(['engineer', 'qa']);
  await root.reload();
  await expect(row.getByRole('list', { name: 'Roles of Alice SSO from groups' })).toHaveText(
    /platform → Engineer.*qa-team → QA/,
  );
});

test('logout ends the Liftoff session and the provider session', async ({ browser }) => {
  const alice = await freshPage(browser);
  await ssoLogin(alice, 'alice');
  // The menu's button works once the page is hydrated: click until the provider asks.
  const confirm = alice.getByRole('button', { name: 'Yes, sign me out' });
  await expect(async () => {
    await alice.getByRole('button', { name: 'Log out' }).click({ timeout: 1000 });
    await expect(confirm).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  await confirm.click();
  await expect(alice).toHaveURL(`${base}/login`);
  // The provider forgot her too: the next sign-in asks for the login again.
  await alice.getByRole('link', { name: 'Sign in with Test IdP' }).click();
  await expect(alice.getByPlaceholder('Enter any login')).toBeVisible();
});

test('a tampered state, a replayed callback, a foreign nonce and a foreign issuer get a clear page', async ({
  browser,
}) => {
  try {
    idp.tamper.redirect = (url) => url.searchParams.set('state', 'forged-state');
    const tampered = await freshPage(browser);
    await ssoLogin(tampered, 'alice');
    await failurePage(tampered, 'state mismatch');

    idp.tamper.redirect = (url) => url.searchParams.set('iss', 'https://idp.attacker.example');
    const issuer = await freshPage(browser);
    await ssoLogin(issuer, 'alice');
    await failurePage(issuer, 'does not trust');
    idp.tamper.redirect = undefined;

    idp.tamper.authorization = (url) => url.searchParams.set('nonce', 'someone-elses-nonce');
    const nonce = await freshPage(browser);
    await ssoLogin(nonce, 'alice');
    await failurePage(nonce, 'nonce mismatch');
  } finally {
    idp.tamper.redirect = undefined;
    idp.tamper.authorization = undefined;
  }

  const replay = await freshPage(browser);
  const callback = replay.waitForRequest((r) => r.url().startsWith(`${base}/api/v1/auth/oidc/callback?`));
  await ssoLogin(replay, 'alice');
  await expect(replay.getByTestId('current-user')).toHaveText('Alice SSO');
  const used = (await callback).url();
  await replay.context().clearCookies({ name: 'liftoff_session' });
  await replay.goto(used);
  await failurePage(replay, 'expired or was already used');
});

test('with the provider stopped the login page says so and password login still works', async ({
  browser,
}) => {
  const root = await freshPage(browser);
  await ssoLogin(root, 'root');
  const made = await root.request.post(`${base}/api/v1/users`, {
    data: { email: 'pat@example.io', name: 'Pat Local', password: PASSWORD, roles: ['qa'] },
  });
  expect(made.status(), await made.text()).toBe(201);

  await idp.stop();
  try {
    const pat = await freshPage(browser);
    // The page trusts a discovery answer for a few seconds; it notices on a later load.
    await expect(async () => {
      await pat.goto(`${base}/login`);
      await expect(pat.getByRole('status')).toContainText('Test IdP cannot be reached right now', {
        timeout: 500,
      });
    }).toPass({ timeout: 20_000 });
    await expect(pat.getByRole('status')).toContainText('You can still log in with your password.');
    await pat.getByRole('link', { name: 'Sign in with Test IdP' }).click();
    await expect(pat).toHaveURL(`${base}/login?sso=unreachable`);
    await pat.getByLabel('Email').fill('pat@example.io');
    await pat.getByLabel('Password').fill(PASSWORD);
    await pat.getByRole('button', { name: 'Log in' }).click();
    await expect(pat.getByTestId('current-user')).toHaveText('Pat Local');
  } finally {
    await idp.start();
  }
});

test('an SSO user ticks and signs off a run; the report shows the issuer and subject', async ({
  browser,
}) => {
  idp.setAccount('alice', {
    email: 'alice@example.io',
    email_verified: true,
    name: 'Alice SSO',
    groups: ['platform', 'dev'],
  });
  const alice = await freshPage(browser);
  await ssoLogin(alice, 'alice');
  await expect(alice.getByTestId('current-user')).toHaveText('Alice SSO');
  const t = await alice.request.post(`${base}/api/v1/templates`, {
    data: {
      name: 'SSO release',
      markdown:
        '# SSO release\n\n- [ ] Deploy\n- [ ] Smoke test\n\n## Sign-off\n\n| Role | Name | Date | Signature |\n| --- | --- | --- | --- |\n| Developer | | | |\n',
    },
  });
  expect(t.status(), await t.text()).toBe(201);
  const r = await alice.request.post(`${base}/api/v1/runs`, {
    data: { templateId: (await t.json()).id, title: 'SSO run' },
  });
  expect(r.status(), await r.text()).toBe(201);
  await alice.goto(`${base}/runs/${(await r.json()).id}`);
  for (const text of ['Deploy', 'Smoke test']) {
    await alice.getByTestId('run-item').filter({ hasText: text }).getByRole('checkbox').check();
  }
  await alice.getByTestId('signoff-Developer').getByRole('button', { name: 'Sign' }).click();
  await expect(alice.getByTestId('signoff-Developer')).toContainText('Alice SSO');
  await alice.getByRole('link', { name: 'Report' }).click();
  await expect(alice.getByTestId('report')).toContainText(
    `Developer (Alice SSO) signed through single sign-on: issuer ${idp.issuer}, subject alice`,
  );
});

test.describe('with LIFTOFF_PASSWORD_LOGIN=off', () => {
  let closed: LiftoffServer;
  test.beforeAll(async () => {
    const dataDir = freshDataDir();
    liftoffCli(
      [
        'user',
        'add',
        '--email',
        'glass@example.io',
        '--name',
        'Glass Admin',
        '--role',
        'admin',
        '--password',
        PASSWORD,
        '--break-glass',
      ],
      dataDir,
    );
    closed = await startLiftoff(
      await freePort(),
      {
        LIFTOFF_OIDC_ISSUER: idp.issuer,
        LIFTOFF_OIDC_CLIENT_ID: idp.clientId,
        LIFTOFF_OIDC_CLIENT_SECRET: idp.clientSecret,
        LIFTOFF_OIDC_NAME: 'Test IdP',
        LIFTOFF_PASSWORD_LOGIN: 'off',
      },
      dataDir,
    );
  });
  test.afterAll(() => closed?.stop());

  test('the login page has only the single sign-on button; break-glass admins use /login?local', async ({
    browser,
  }) => {
    const page = await freshPage(browser);
    await page.goto(`${closed.url}/login`);
    await expect(page.getByRole('link', { name: 'Sign in with Test IdP' })).toBeVisible();
    await expect(page.getByLabel('Email')).toHaveCount(0);
    await expect(page.getByLabel('Password')).toHaveCount(0);

    await page.goto(`${closed.url}/login?local`);
    await expect(page.getByText('Break-glass admin login.')).toBeVisible();
    await page.getByLabel('Email').fill('glass@example.io');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect(page.getByTestId('current-user')).toHaveText('Glass Admin');
  });
});
