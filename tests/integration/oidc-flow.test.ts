import { count, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { changeUser } from '@/lib/auth/admin';
import { login } from '@/lib/auth/login';
import { BEGIN_LIMIT, beginLogin, completeLogin } from '@/lib/auth/oidc/flow';
import { logout } from '@/lib/auth/oidc/logout';
import { resetProviderCache } from '@/lib/auth/oidc/provider';
import { type OidcSettings, oidcSettings } from '@/lib/auth/oidc/settings';
import type { Principal, RequestDeps } from '@/lib/auth/principal';
import { validateSession } from '@/lib/auth/sessions';
import { createUser, listUsers } from '@/lib/auth/users';
import { parseEnv } from '@/lib/config/env';
import type { Database } from '@/lib/db/client';
import { authEvents, sessions, users } from '@/lib/db/schema';
import { metrics } from '@/lib/metrics/registry';
import { createRun, getRun, reportMarkdown, setItemState, signRun } from '@/lib/runs';
import { requireTemplate } from '@/lib/templates/store';
import { backends } from '../support/db';
import { startTestProvider, type TestProvider } from '../support/oidc-provider';
import { as, releaseTemplate } from './runs-fixtures';

const PUBLIC_URL = 'http://127.0.0.1:3999';
const CALLBACK = `${PUBLIC_URL}/api/v1/auth/oidc/callback`;
const IP = '10.1.2.3';

function settingsFor(p: TestProvider, extra: Record<string, string> = {}): OidcSettings {
  return oidcSettings(
    parseEnv({
      LIFTOFF_PUBLIC_URL: PUBLIC_URL,
      LIFTOFF_OIDC_ISSUER: p.issuer,
      LIFTOFF_OIDC_CLIENT_ID: p.clientId,
      LIFTOFF_OIDC_CLIENT_SECRET: p.clientSecret,
      LIFTOFF_OIDC_NAME: 'Test IdP',
      LIFTOFF_OIDC_SCOPES: 'openid email profile groups',
      LIFTOFF_OIDC_ROLE_MAP: 'sre=devops,platform=engineer,release-managers=po,liftoff-admins=admin',
      ...extra,
    }),
  )!;
}

describe.each(backends)('single sign-on against a real OpenID provider, on %s', (_name, open) => {
  let store: Database;
  let deps: RequestDeps;
  let idp: TestProvider;
  let s: OidcSettings;

  beforeAll(async () => {
    store = await open();
    deps = { db: store.db, redis: null };
    idp = await startTestProvider({
      redirectUris: [CALLBACK],
      postLogoutRedirectUris: [`${PUBLIC_URL}/login`],
    });
    s = settingsFor(idp);
  });
  afterAll(async () => {
    await idp.stop();
    await store.close();
  });
  afterEach(() => {
    vi.useRealTimers();
    resetProviderCache();
  });

  /** The whole browser round trip: start, sign in at the provider, come back. */
  async function signIn(sub: string, settings = s, opts: { now?: Date } = {}) {
    const begun = await beginLogin(deps, settings, { next: '/runs', now: opts.now });
    const back = await idp.signIn(begun.url, sub);
    return finish(begun.cookie, back.searchParams, settings, opts.now);
  }
  /** A person at the provider with a verified <name>@example.io. */
  const person = (sub: string, name: string, groups: string[]) =>
    idp.setAccount(sub, { email: `${name.toLowerCase()}@example.io`, email_verified: true, name, groups });
  /** The browser arriving back at Liftoff with what the provider sent. */
  const finish = (cookie: string, params: URLSearchParams, settings = s, now?: Date) =>
    completeLogin(deps, settings, { cookie, params, ip: IP, ttlHours: 1, now });
  const refusal = (p: Promise<unknown>) =>
    p.then(
      () => {
        throw new Error('expected a refusal');
      },
      (err: { details?: { sso?: string }; message: string }) => ({
        reason: err.details?.sso,
        message: err.message,
      }),
    );
  const counts = async () => ({
    users: (await store.db.select({ n: count() }).from(users))[0]!.n,
    sessions: (await store.db.select({ n: count() }).from(sessions))[0]!.n,
  });
  const stateMismatches = async () =>
    (await metrics().loginFailures.get()).values.find((v) => v.labels.reason === 'sso_state_mismatch')
      ?.value ?? 0;
  const lastEvent = async () => (await store.db.select().from(authEvents).orderBy(authEvents.id)).at(-1);

  it('provisions a user on first sign-in, keyed by issuer and subject, with roles from groups', async () => {
    idp.setAccount('u-ada', {
      email: 'Ada@Example.io',
      email_verified: true,
      name: 'Ada',
      groups: ['sre', 'platform', 'coffee'],
    });
    const done = await signIn('u-ada');
    expect(done.next).toBe('/runs');
    expect(done.user).toMatchObject({ email: 'ada@example.io', name: 'Ada' });
    expect(done.user.roles.sort()).toEqual(['devops', 'engineer']);
    const principal = await validateSession(deps, done.token);
    expect(principal).toMatchObject({
      email: 'ada@example.io',
      roles: expect.arrayContaining(['devops', 'engineer']),
    });
    const listed = (await listUsers(store.db)).find((u) => u.email === 'ada@example.io')!;
    expect(listed.source).toBe('sso');
    expect(listed.sso).toMatchObject({ issuer: idp.issuer, subject: 'u-ada' });
    expect(listed.sso!.grants).toEqual([
      { group: 'sre', role: 'devops' },
      { group: 'platform', role: 'engineer' },
    ]);
    expect(await lastEvent()).toMatchObject({
      action: 'sso.provisioned',
      subject: 'u-ada',
      issuer: idp.issuer,
    });
  });

  it('takes roles, name and email from the provider at every sign-in', async () => {
    person('u-bob', 'Bob', ['liftoff-admins']);
    const first = await signIn('u-bob');
    expect(first.user.roles).toEqual(['admin']);
    person('u-bob', 'Robert', ['release-managers']);
    const second = await signIn('u-bob');
    expect(second.user).toMatchObject({
      id: first.user.id,
      email: 'robert@example.io',
      name: 'Robert',
      roles: ['po'],
    });
    // The earlier session reads the new roles too: admin is gone everywhere.
    expect((await validateSession(deps, first.token))?.roles).toEqual(['po']);
    expect(await lastEvent()).toMatchObject({ action: 'sso.login', userId: first.user.id });
  });

  it('gives the default role to a user with no mapped group, and refuses them when it is none', async () => {
    person('u-cat', 'Cat', ['marketing']);
    expect((await signIn('u-cat')).user.roles).toEqual(['viewer']);

    person('u-dan', 'Dan', ['marketing']);
    const before = await counts();
    const refused = await refusal(signIn('u-dan', settingsFor(idp, { LIFTOFF_OIDC_DEFAULT_ROLE: 'none' })));
    expect(refused).toEqual({
      reason: 'no_access',
      message: expect.stringMatching(/^Your account has no access to Liftoff/),
    });
    expect(await counts()).toEqual(before);
    expect(await lastEvent()).toMatchObject({ action: 'sso.denied', reason: 'no_access', subject: 'u-dan' });
  });

  it('lets in only verified emails of the allowed domains when domains are set', async () => {
    const only = settingsFor(idp, { LIFTOFF_OIDC_ALLOWED_DOMAINS: 'corp.example' });
    idp.setAccount('u-eve', {
      email: 'eve@elsewhere.example',
      email_verified: true,
      name: 'Eve',
      groups: ['sre'],
    });
    expect(await refusal(signIn('u-eve', only))).toMatchObject({ reason: 'no_access' });
    expect(await lastEvent()).toMatchObject({
      action: 'sso.denied',
      reason: 'no_access',
      email: 'eve@elsewhere.example',
    });
    idp.setAccount('u-fay', {
      email: 'fay@corp.example',
      email_verified: false,
      name: 'Fay',
      groups: ['sre'],
    });
    expect(await refusal(signIn('u-fay', only))).toMatchObject({ reason: 'email_unverified' });
    idp.setAccount('u-fay', {
      email: 'fay@corp.example',
      email_verified: true,
      name: 'Fay',
      groups: ['sre'],
    });
    expect((await signIn('u-fay', only)).user.roles).toEqual(['devops']);
  });

  it('links an existing local user only after an admin allows it', async () => {
    const admin = await createUser(store.db, {
      email: 'root@example.io',
      name: 'Root',
      password: 'correct horse battery',
      roles: ['admin'],
    });
    const local = await createUser(store.db, {
      email: 'gil@example.io',
      name: 'Gil',
      password: 'correct horse battery',
      roles: ['qa'],
    });
    idp.setAccount('u-gil', {
      email: 'gil@example.io',
      email_verified: true,
      name: 'Gil G.',
      groups: ['sre'],
    });
    expect(await refusal(signIn('u-gil'))).toMatchObject({ reason: 'link_not_allowed' });

    const actor: Principal = {
      kind: 'session',
      userId: admin.id,
      email: admin.email,
      name: admin.name,
      roles: admin.roles,
    };
    expect((await changeUser(deps, actor, local.id, { ssoLinkAllowed: true })).ssoLinkAllowed).toBe(true);
    const linked = await signIn('u-gil');
    expect(linked.user).toMatchObject({ id: local.id, name: 'Gil G.', roles: ['devops'] });
    expect(await lastEvent()).toMatchObject({ action: 'sso.linked', userId: local.id });
    const listed = (await listUsers(store.db)).find((u) => u.id === local.id)!;
    expect(listed).toMatchObject({ source: 'sso', ssoLinkAllowed: false });
  });

  it('keeps a disabled user out whatever the provider says', async () => {
    person('u-hal', 'Hal', ['liftoff-admins']);
    const { user } = await signIn('u-hal');
    const [root] = await store.db.select().from(users).where(eq(users.email, 'root@example.io'));
    const actor: Principal = {
      kind: 'session',
      userId: root!.id,
      email: root!.email,
      name: root!.name,
      roles: root!.roles,
    };
    await changeUser(deps, actor, user.id, { disabled: true });
    const before = await counts();
    expect(await refusal(signIn('u-hal'))).toMatchObject({ reason: 'disabled' });
    expect(await counts()).toEqual(before);
  });

  it('limits the sign-ins one address may start (each stores a row), not other addresses', async () => {
    const address = `203.0.113.${Math.floor(Math.random() * 250)}`;
    for (let i = 0; i < BEGIN_LIMIT.max; i++) await beginLogin(deps, s, { address });
    await expect(beginLogin(deps, s, { address })).rejects.toMatchObject({
      code: 'rate_limited',
      message: expect.stringMatching(/try again in \d+ s/),
      options: { retryAfterSeconds: expect.any(Number) },
    });
    await expect(beginLogin(deps, s, { address: '198.51.100.7' })).resolves.toMatchObject({
      url: expect.stringContaining('state='),
    });
  });

  describe('refuses a sign-in that is not exactly the one it started, creating nothing', () => {
    it('tampered state', async () => {
      person('u-ivy', 'Ivy', ['sre']);
      const before = await counts();
      const failures = await stateMismatches();
      const begun = await beginLogin(deps, s, {});
      const back = await idp.signIn(begun.url, 'u-ivy');
      back.searchParams.set('state', `${back.searchParams.get('state')}x`);
      const refused = await refusal(finish(begun.cookie, back.searchParams));
      expect(refused.reason).toBe('state_mismatch');
      expect(refused.message).toContain('state mismatch');
      expect(await counts()).toEqual(before);
      expect(await lastEvent()).toMatchObject({ action: 'sso.rejected', reason: 'state_mismatch' });
      expect(await stateMismatches()).toBe(failures + 1);
    });

    it('a replayed callback, and a replayed code under a fresh sign-in', async () => {
      person('u-jon', 'Jon', ['sre']);
      const begun = await beginLogin(deps, s, {});
      const back = await idp.signIn(begun.url, 'u-jon');
      const input = { cookie: begun.cookie, params: back.searchParams, ip: IP, ttlHours: 1 };
      await completeLogin(deps, s, input);
      const before = await counts();
      expect(await refusal(completeLogin(deps, s, input))).toMatchObject({ reason: 'flow_missing' });

      // An attacker holding the used code starts their own sign-in and pastes the code into it.
      const fresh = await beginLogin(deps, s, {});
      const state = new URL(fresh.url).searchParams.get('state')!;
      const params = new URLSearchParams(back.searchParams);
      params.set('state', state);
      expect(await refusal(completeLogin(deps, s, { ...input, cookie: fresh.cookie, params }))).toMatchObject(
        {
          reason: 'code_rejected',
        },
      );
      expect(await counts()).toEqual(before);
    });

    it('a nonce that is not the one Liftoff sent', async () => {
      person('u-kim', 'Kim', ['sre']);
      const before = await counts();
      const begun = await beginLogin(deps, s, {});
      const url = new URL(begun.url);
      url.searchParams.set('nonce', 'a-nonce-of-someone-else');
      const back = await idp.signIn(url.href, 'u-kim');
      const refused = await refusal(finish(begun.cookie, back.searchParams));
      expect(refused).toMatchObject({
        reason: 'nonce_mismatch',
        message: expect.stringContaining('nonce mismatch'),
      });
      expect(await counts()).toEqual(before);
    });

    it('an expired ID token', async () => {
      person('u-lee', 'Lee', ['sre']);
      const before = await counts();
      // Liftoff's clock two hours ahead of the provider's one-hour ID tokens.
      const later = new Date(Date.now() + 2 * 3_600_000);
      expect(await refusal(signIn('u-lee', s, { now: later }))).toMatchObject({ reason: 'token_expired' });
      expect(await counts()).toEqual(before);
    });

    it('an answer from an issuer Liftoff does not trust', async () => {
      const other = await startTestProvider({ redirectUris: [CALLBACK] });
      try {
        other.setAccount('u-mal', {
          email: 'mal@example.io',
          email_verified: true,
          name: 'Mal',
          groups: ['liftoff-admins'],
        });
        const before = await counts();
        const begun = await beginLogin(deps, s, {});
        // The same request, sent to the other provider (which knows a client of the same id).
        const url = new URL(begun.url);
        const forged = new URL(`${other.issuer}${url.pathname}${url.search}`);
        forged.searchParams.set('client_id', other.clientId);
        const back = await other.signIn(forged.href, 'u-mal');
        expect(back.searchParams.get('iss')).toBe(other.issuer);
        const refused = await refusal(finish(begun.cookie, back.searchParams));
        expect(refused).toMatchObject({
          reason: 'issuer_mismatch',
          message: expect.stringContaining('does not trust'),
        });
        expect(await counts()).toEqual(before);
      } finally {
        await other.stop();
      }
    });
  });

  it('says the provider is unreachable when it is stopped, and password login still works', async () => {
    await idp.stop();
    try {
      expect(await refusal(beginLogin(deps, s, {}))).toMatchObject({
        reason: 'unreachable',
        message: 'Test IdP cannot be reached right now, so single sign-on is unavailable.',
      });
      await createUser(store.db, {
        email: 'pat@example.io',
        name: 'Pat',
        password: 'correct horse battery',
        roles: ['qa'],
      });
      const ok = await login(deps, {
        email: 'pat@example.io',
        password: 'correct horse battery',
        ip: IP,
        ttlHours: 1,
      });
      expect(ok.user.email).toBe('pat@example.io');
    } finally {
      await idp.start();
    }
    resetProviderCache();
    person('u-ada', 'Ada', ['sre']);
    expect((await signIn('u-ada')).user.roles).toEqual(['devops']);
  });

  it('follows a key rotation at the provider', async () => {
    person('u-ned', 'Ned', ['sre']);
    await signIn('u-ned');
    await idp.rotateKeys();
    // openid-client refetches the JWKS for an unknown key id once its copy is a minute old.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 2 * 60_000);
    expect((await signIn('u-ned')).user.roles).toEqual(['devops']);
  });

  it('logs out of Liftoff and hands back the provider end-session URL', async () => {
    person('u-oz', 'Oz', ['sre']);
    const done = await signIn('u-oz');
    const principal = (await validateSession(deps, done.token))!;
    const { endSessionUrl } = await logout(deps, s, principal.sessionId);
    const url = new URL(endSessionUrl!);
    expect(url.origin).toBe(idp.issuer);
    expect(url.searchParams.get('post_logout_redirect_uri')).toBe(`${PUBLIC_URL}/login`);
    expect(url.searchParams.get('id_token_hint')).toMatch(/^ey/);
    expect(await validateSession(deps, done.token)).toBeNull();
  });

  it('records the issuer and subject of a single sign-on signature and shows them on the report', async () => {
    person('u-pia', 'Pia', ['platform', 'sre']);
    const principal = (await validateSession(deps, (await signIn('u-pia')).token))!;
    const { id: templateId } = await releaseTemplate(store.db, 'SSO release');
    const { run } = await createRun(store.db, as(principal), { templateId, title: 'signed through the IdP' });
    for (const item of (await getRun(store.db, run.id)).items.filter((i) => !i.reference)) {
      await setItemState(store.db, as(principal), run.id, item.id, { state: 'done' });
    }
    const { signoff } = await signRun(store.db, as(principal), run.id, { role: 'DevOps' });
    expect(signoff).toMatchObject({ name: 'Pia', issuer: idp.issuer, subject: 'u-pia' });

    const view = await getRun(store.db, run.id);
    const markdown = reportMarkdown(view, await requireTemplate(store.db, templateId, view.templateVersion));
    expect(markdown).toContain(
      `_DevOps (Pia)_ signed through single sign-on: issuer \`${idp.issuer}\`, subject \`u-pia\``,
    );
  });
});
