import { eq, lt } from 'drizzle-orm';
import * as client from 'openid-client';
import { clock } from '@/lib/core/clock';
import { LiftoffError } from '@/lib/core/errors';
import { oidcLogins, ssoSessions } from '@/lib/db/schema';
import { log } from '@/lib/log';
import { metrics } from '@/lib/metrics/registry';
import { randomToken, sha256 } from '../crypto';
import { safeNext } from '../next-path';
import type { RequestDeps } from '../principal';
import { countInWindow } from '../rate-limit';
import { createSession, revokeUserSessions } from '../sessions';
import { decideAccess, profileOf } from './claims';
import { type SsoFailureReason, ssoError } from './errors';
import { type NewAuthEvent, recordAuthEvent } from './events';
import { clientConfig, keepJwks, LOGIN_FRESHNESS_MS, providerMetadata } from './provider';
import { provisionUser } from './provision';
import type { OidcSettings } from './settings';

/**
 * The Authorization Code flow with PKCE, state and nonce. Starting stores the three secrets
 * under the SHA-256 of a random cookie; the callback consumes that row (once, within ten
 * minutes), checks state and issuer itself, and lets openid-client redeem the code and validate
 * the ID token (signature, issuer, audience, expiry, nonce).
 */
export const FLOW_COOKIE = 'liftoff_oidc';
export const FLOW_TTL_MS = 10 * 60_000;
/** A finished sign-in may use any cached discovery document up to this age. */
const CALLBACK_METADATA_MAX_AGE_MS = 60 * 60_000;

/** Sign-ins started per client address: each stores a row, so a stranger must not start thousands. */
export const BEGIN_LIMIT = { max: 60, windowMs: 5 * 60_000 };

export async function beginLogin(
  deps: RequestDeps,
  s: OidcSettings,
  input: { next?: string; now?: Date; address?: string },
): Promise<{ url: string; cookie: string; expiresAt: Date }> {
  const now = input.now ?? clock.date();
  if (input.address !== undefined) {
    const begun = await countInWindow(deps.redis, `sso-begin:${input.address}`, BEGIN_LIMIT.windowMs, 1);
    if (begun.count > BEGIN_LIMIT.max) {
      const retryAfterSeconds = Math.max(1, Math.ceil(begun.retryAfterMs / 1000));
      throw new LiftoffError(
        'rate_limited',
        `Too many single sign-on attempts from this address; try again in ${retryAfterSeconds} s.`,
        undefined,
        { retryAfterSeconds },
      );
    }
  }
  const metadata = await providerMetadata(s, LOGIN_FRESHNESS_MS);
  const config = clientConfig(s, metadata, now);
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: s.redirectUri,
    scope: s.scopes.join(' '),
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  const cookie = randomToken();
  const expiresAt = new Date(now.getTime() + FLOW_TTL_MS);
  await deps.db.delete(oidcLogins).where(lt(oidcLogins.expiresAt, now));
  await deps.db.insert(oidcLogins).values({
    id: sha256(cookie),
    state,
    nonce,
    codeVerifier,
    next: safeNext(input.next),
    expiresAt,
  });
  return { url: url.href, cookie, expiresAt };
}

/** openid-client's error, as one of Liftoff's reasons; null for anything it does not know. */
function reasonOf(err: unknown): SsoFailureReason | null {
  if (err instanceof client.AuthorizationResponseError) return 'provider_error';
  if (err instanceof client.ResponseBodyError)
    return err.error === 'invalid_grant' ? 'code_rejected' : 'provider_error';
  if (err instanceof client.ClientError) {
    const claim = (err.cause as { cause?: { claim?: unknown } } | undefined)?.cause?.claim;
    switch (err.code) {
      case 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED':
        return claim === 'exp' ? 'token_expired' : 'token_invalid';
      case 'OAUTH_JWT_CLAIM_COMPARISON_FAILED':
        return claim === 'nonce' ? 'nonce_mismatch' : claim === 'iss' ? 'issuer_mismatch' : 'token_invalid';
      case 'OAUTH_TIMEOUT':
      case 'OAUTH_ABORT':
        return 'unreachable';
      case 'OAUTH_RESPONSE_IS_NOT_CONFORM':
      case 'OAUTH_RESPONSE_IS_NOT_JSON':
        return 'provider_error';
      default:
        return 'token_invalid';
    }
  }
  // fetch() failing to connect.
  if (err instanceof TypeError) return 'unreachable';
  return null;
}

export interface CompletedLogin {
  token: string;
  expiresAt: Date;
  next: string;
  user: { id: string; email: string; name: string; roles: string[] };
}

export async function completeLogin(
  deps: RequestDeps,
  s: OidcSettings,
  input: {
    cookie: string | undefined;
    /** The query string the provider sent the browser back with. */
    params: URLSearchParams;
    ip: string;
    userAgent?: string;
    ttlHours: number;
    now?: Date;
  },
): Promise<CompletedLogin> {
  const now = input.now ?? clock.date();
  /** Counted, written to the sign-in trail, then thrown: a rejected answer or a denied person. */
  const refuse = async (
    action: 'sso.rejected' | 'sso.denied',
    reason: SsoFailureReason,
    extra: Omit<NewAuthEvent, 'action' | 'reason'> = {},
  ): Promise<never> => {
    metrics().loginFailures.inc({ reason: `sso_${reason}` });
    await recordAuthEvent(deps.db, { action, reason, issuer: s.issuer, ip: input.ip, ...extra });
    throw ssoError(reason, s.name);
  };
  const fail = (reason: SsoFailureReason, detail?: Record<string, unknown>) =>
    refuse('sso.rejected', reason, { detail });

  // Single use: the row is gone whatever happens next.
  const [flow] = input.cookie
    ? await deps.db
        .delete(oidcLogins)
        .where(eq(oidcLogins.id, sha256(input.cookie)))
        .returning()
    : [];
  if (!flow || flow.expiresAt <= now) {
    metrics().loginFailures.inc({ reason: 'sso_flow_missing' });
    throw ssoError('flow_missing', s.name);
  }
  if (input.params.get('state') !== flow.state) return fail('state_mismatch');

  const metadata = await providerMetadata(s, CALLBACK_METADATA_MAX_AGE_MS);
  const iss = input.params.get('iss');
  if (iss !== null && iss !== metadata.issuer) return fail('issuer_mismatch', { iss: iss.slice(0, 300) });

  const config = clientConfig(s, metadata, now);
  const callbackUrl = new URL(s.redirectUri);
  callbackUrl.search = input.params.toString();
  let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
  let claims: Record<string, unknown>;
  try {
    tokens = await client.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: flow.codeVerifier,
      expectedState: flow.state,
      expectedNonce: flow.nonce,
      idTokenExpected: true,
    });
    claims = { ...tokens.claims() };
    // Providers that keep profile claims out of the ID token serve them at userinfo.
    const needsUserinfo = !claims.email || !(s.rolesClaim.split('.')[0]! in claims);
    if (needsUserinfo && metadata.userinfo_endpoint) {
      const info = await client.fetchUserInfo(config, tokens.access_token, String(claims.sub));
      claims = {
        ...info,
        ...claims,
        ...pick(info, ['email', 'email_verified', s.rolesClaim.split('.')[0]!]),
      };
    }
  } catch (err) {
    const reason = reasonOf(err);
    if (!reason) throw err;
    log.warn('single sign-on refused', { reason, code: (err as { code?: string }).code });
    return fail(reason);
  } finally {
    keepJwks(s, config);
  }

  const profile = profileOf(claims, s.rolesClaim);
  const who = { issuer: profile.issuer, subject: profile.subject, email: profile.email, ip: input.ip };
  const deny = (reason: SsoFailureReason, detail?: Record<string, unknown>) =>
    refuse('sso.denied', reason, { ...who, detail });
  const access = decideAccess(profile, s);
  if (!access.ok) return deny(access.reason, { why: access.why, groups: profile.groups.slice(0, 50) });
  const result = await provisionUser(deps.db, profile, access);
  if (!result.ok) return deny(result.reason);
  const { user } = result;
  // Other sessions of this user carry the old roles in the cache: drop them there.
  if (user.rolesChanged) await revokeUserSessions(deps, user.id, { delete: false });

  const session = await createSession(deps, user.id, input.ttlHours, input.userAgent);
  await deps.db.insert(ssoSessions).values({
    sessionId: sha256(session.token),
    issuer: profile.issuer,
    subject: profile.subject,
    idToken: tokens.id_token ?? null,
  });
  await recordAuthEvent(deps.db, {
    action:
      user.outcome === 'provisioned'
        ? 'sso.provisioned'
        : user.outcome === 'linked'
          ? 'sso.linked'
          : 'sso.login',
    ...who,
    userId: user.id,
    detail: { roles: user.roles, grants: access.grants },
  });
  return {
    token: session.token,
    expiresAt: session.expiresAt,
    next: flow.next,
    user: { id: user.id, email: user.email, name: user.name, roles: user.roles },
  };
}

function pick(o: Record<string, unknown>, keys: string[]) {
  return Object.fromEntries(keys.filter((k) => k in o).map((k) => [k, o[k]]));
}
