import * as client from 'openid-client';
import { ssoError } from './errors';
import type { OidcSettings } from './settings';

/**
 * The identity provider's discovery document, cached per issuer, and the per-use client
 * configuration built from it. Starting a sign-in wants a recent document (so a provider that
 * went away is noticed before the browser is sent there); finishing one accepts any cached
 * document. JWKS are cached by openid-client's exported cache (refetched after five minutes,
 * or at once for an unknown key id when the copy is older than a minute: key rotation).
 */
export const LOGIN_FRESHNESS_MS = 10_000;
/** After a failed discovery, the login page says "unreachable" for this long without asking again. */
const FAILURE_HOLD_MS = 5_000;
const DISCOVERY_TIMEOUT_SECONDS = 5;
const REQUEST_TIMEOUT_SECONDS = 10;
/** Leeway for exp / iat / nbf between Liftoff's clock and the provider's. */
export const CLOCK_TOLERANCE_SECONDS = 30;

interface ProviderState {
  metadata?: client.ServerMetadata;
  fetchedAt: number;
  failedAt?: number;
  inflight?: Promise<client.ServerMetadata>;
  jwks: client.ExportedJWKSCache | undefined;
}

const globalCache = globalThis as unknown as { __liftoffOidc?: Map<string, ProviderState> };
globalCache.__liftoffOidc ??= new Map();
/** Per issuer; on globalThis so every module copy Next.js makes shares one cache. */
const states = globalCache.__liftoffOidc;

function stateOf(s: OidcSettings): ProviderState {
  let st = states.get(s.issuer);
  if (!st) {
    st = { fetchedAt: 0, jwks: undefined };
    states.set(s.issuer, st);
  }
  return st;
}

/** Plain http is allowed for loopback issuers only (the configuration refuses it elsewhere). */
const insecure = (s: OidcSettings) => new URL(s.issuer).protocol === 'http:';

async function discover(s: OidcSettings): Promise<client.ServerMetadata> {
  const config = await client.discovery(new URL(s.issuer), s.clientId, undefined, undefined, {
    execute: insecure(s) ? [client.allowInsecureRequests] : [],
    timeout: DISCOVERY_TIMEOUT_SECONDS,
  });
  // Plain data: the helpers openid-client attaches are rebuilt by each Configuration.
  return JSON.parse(JSON.stringify(config.serverMetadata())) as client.ServerMetadata;
}

/**
 * The discovery document, no older than `maxAgeMs`; `unreachable` when it cannot be had.
 * `failFast` answers from a failure of the last few seconds without asking again (page loads);
 * a person's click always asks.
 */
export async function providerMetadata(
  s: OidcSettings,
  maxAgeMs: number,
  failFast = false,
): Promise<client.ServerMetadata> {
  const st = stateOf(s);
  const now = Date.now();
  if (st.metadata && now - st.fetchedAt <= maxAgeMs) return st.metadata;
  if (failFast && st.failedAt !== undefined && now - st.failedAt < FAILURE_HOLD_MS) {
    throw ssoError('unreachable', s.name);
  }
  st.inflight ??= discover(s).finally(() => {
    st.inflight = undefined;
  });
  try {
    st.metadata = await st.inflight;
    st.fetchedAt = Date.now();
    st.failedAt = undefined;
    return st.metadata;
  } catch {
    st.failedAt = Date.now();
    throw ssoError('unreachable', s.name);
  }
}

/** True when the provider answered discovery recently or answers it now. */
export async function providerReachable(s: OidcSettings): Promise<boolean> {
  return providerMetadata(s, LOGIN_FRESHNESS_MS, true).then(
    () => true,
    () => false,
  );
}

/**
 * A client configuration for one use. `now` is Liftoff's clock: token timestamps are judged
 * against it (openid-client's clock skew), so tests can move time without waiting.
 */
export function clientConfig(
  s: OidcSettings,
  metadata: client.ServerMetadata,
  now: Date,
): client.Configuration {
  // Providers that list their methods and omit client_secret_basic get client_secret_post.
  const basic = metadata.token_endpoint_auth_methods_supported?.includes('client_secret_basic') ?? true;
  const auth = !s.clientSecret
    ? client.None()
    : basic
      ? client.ClientSecretBasic(s.clientSecret)
      : client.ClientSecretPost(s.clientSecret);
  const config = new client.Configuration(
    metadata,
    s.clientId,
    {
      [client.clockSkew]: Math.round((now.getTime() - Date.now()) / 1000),
      [client.clockTolerance]: CLOCK_TOLERANCE_SECONDS,
    },
    auth,
  );
  config.timeout = REQUEST_TIMEOUT_SECONDS;
  if (insecure(s)) client.allowInsecureRequests(config);
  // Verify the ID token's signature against the provider's JWKS, not only TLS.
  client.enableNonRepudiationChecks(config);
  const { jwks } = stateOf(s);
  if (jwks) client.setJwksCache(config, jwks);
  return config;
}

/** Keeps the JWKS a configuration fetched for the next one. */
export function keepJwks(s: OidcSettings, config: client.Configuration) {
  const jwks = client.getJwksCache(config);
  if (jwks) stateOf(s).jwks = jwks;
}

/** For tests: forget cached documents and keys. */
export function resetProviderCache() {
  states.clear();
}
