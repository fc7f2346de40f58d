/**
 * A real OpenID provider for tests: `oidc-provider` (the certified Node.js implementation) on a
 * loopback port chosen at runtime, with its development login form (any password), one
 * confidential client, PKCE required, and accounts whose claims (`groups` among them) the test
 * sets and changes between sign-ins. Consent is granted automatically, as for a first-party app.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Configuration, KoaContextWithOIDC } from 'oidc-provider';

export interface TestAccount {
  email?: string;
  email_verified?: boolean;
  name?: string;
  groups?: string[];
}

export interface TestProviderOptions {
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
  /** Reuse a port (a provider restarted where Liftoff expects it). */
  port?: number;
}

const newSigningKey = () => ({
  ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }),
  kid: randomUUID(),
  alg: 'RS256',
  use: 'sig',
});

/** oidc-provider warns about its development helpers and the Node version; tests know. */
async function quietly<T>(fn: () => T | Promise<T>): Promise<T> {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (!String(args[0]).startsWith('oidc-provider WARNING')) warn(...args);
  };
  try {
    return await fn();
  } finally {
    console.warn = warn;
  }
}

export async function startTestProvider(opts: TestProviderOptions) {
  const { default: Provider } = await quietly(() => import('oidc-provider'));
  const clientId = 'liftoff';
  const clientSecret = `secret-${randomUUID()}`;
  const accounts = new Map<string, TestAccount>();
  let keys = [newSigningKey()];
  const server = http.createServer();
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve((server.address() as AddressInfo).port);
      });
    });
  const port = await listen(opts.port ?? 0);
  const issuer = `http://127.0.0.1:${port}`;

  const configuration = (): Configuration => ({
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: opts.redirectUris,
        post_logout_redirect_uris: opts.postLogoutRedirectUris ?? [],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    async findAccount(_ctx, sub) {
      const account = accounts.get(sub);
      if (!account) return undefined;
      // Read at every token: a test that changes groups sees them at the next sign-in.
      return { accountId: sub, claims: async () => ({ sub, ...accounts.get(sub) }) };
    },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name'],
      groups: ['groups'],
    },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    pkce: { required: () => true },
    cookies: { keys: [`cookie-${randomUUID()}`] },
    jwks: { keys },
    ttl: {
      IdToken: 3600,
      AccessToken: 600,
      AuthorizationCode: 60,
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
    },
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const { oidc } = ctx;
      const grant = new oidc.provider.Grant({
        clientId: oidc.client!.clientId,
        accountId: oidc.session!.accountId!,
      });
      grant.addOIDCScope(String(oidc.params!.scope ?? 'openid'));
      await grant.save();
      return grant;
    },
  });

  let provider = await quietly(() => new Provider(issuer, configuration()));
  /**
   * What an attacker between the browser and the provider could do, for tests of the refusals:
   * change the authorization request on its way in, or the redirect back to the client.
   */
  const tamper: { authorization?: (url: URL) => void; redirect?: (url: URL) => void } = {};
  server.on('request', (req, res) => {
    if (tamper.authorization && req.url?.startsWith('/auth?')) {
      const url = new URL(req.url, issuer);
      tamper.authorization(url);
      req.url = url.pathname + url.search;
    }
    const setHeader = res.setHeader.bind(res);
    res.setHeader = (name, value) => {
      const back = typeof value === 'string' && opts.redirectUris.some((r) => value.startsWith(`${r}?`));
      if (tamper.redirect && back && name.toLowerCase() === 'location') {
        const url = new URL(value as string);
        tamper.redirect(url);
        return setHeader(name, url.href);
      }
      return setHeader(name, value);
    };
    provider.callback()(req, res);
  });

  const cookieJar = new Map<string, string>();
  const remember = (res: Response) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      cookieJar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
  };
  const cookieHeader = () => [...cookieJar].map(([k, v]) => `${k}=${v}`).join('; ');
  const get = async (url: string) => {
    const res = await fetch(url, { redirect: 'manual', headers: { cookie: cookieHeader() } });
    remember(res);
    return res;
  };

  return {
    issuer,
    port,
    clientId,
    clientSecret,
    tamper,
    setAccount(sub: string, account: TestAccount) {
      accounts.set(sub, account);
    },
    /**
     * Signs `sub` in through the provider's own login form, as a browser would, and returns the
     * URL the provider sends the browser back to (Liftoff's callback with code, state, iss).
     */
    async signIn(authorizationUrl: string, sub: string): Promise<URL> {
      cookieJar.clear();
      let res = await get(authorizationUrl);
      for (let hop = 0; hop < 10; hop++) {
        const location = res.headers.get('location');
        if (!location)
          throw new Error(`provider answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
        const next = new URL(location, issuer);
        if (next.origin !== issuer) return next;
        if (/^\/interaction\/[^/]+$/.test(next.pathname)) {
          await get(next.href);
          res = await fetch(next.href, {
            method: 'POST',
            redirect: 'manual',
            headers: { cookie: cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ prompt: 'login', login: sub, password: 'any' }),
          });
          remember(res);
        } else {
          res = await get(next.href);
        }
      }
      throw new Error('too many redirects at the provider');
    },
    /** New signing keys: tokens from now on carry a key id Liftoff has not seen. */
    async rotateKeys() {
      keys = [newSigningKey()];
      provider = await quietly(() => new Provider(issuer, configuration()));
    },
    /** Stops answering (connections refused) until `start`. */
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    async start() {
      await listen(port);
    },
  };
}

export type TestProvider = Awaited<ReturnType<typeof startTestProvider>>;
