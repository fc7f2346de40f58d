import { eq } from 'drizzle-orm';
import * as client from 'openid-client';
import { ssoSessions } from '@/lib/db/schema';
import type { RequestDeps } from '../principal';
import { revokeSession } from '../sessions';
import { clientConfig, providerMetadata } from './provider';
import type { OidcSettings } from './settings';

/**
 * Ends the Liftoff session and, for a session opened through the provider that offers an
 * end_session_endpoint, returns the URL that ends the provider's session too. A provider that
 * cannot be reached does not stop the logout: the Liftoff session is gone either way.
 */
export async function logout(
  deps: RequestDeps,
  s: OidcSettings | null,
  sessionId: string | undefined,
): Promise<{ endSessionUrl?: string }> {
  if (!sessionId) return {};
  const [sso] = await deps.db.select().from(ssoSessions).where(eq(ssoSessions.sessionId, sessionId));
  await revokeSession(deps, sessionId);
  if (!s || !sso || sso.issuer !== s.issuer) return {};
  const metadata = await providerMetadata(s, Number.POSITIVE_INFINITY).catch(() => null);
  if (!metadata?.end_session_endpoint) return {};
  const url = client.buildEndSessionUrl(clientConfig(s, metadata, new Date()), {
    post_logout_redirect_uri: s.postLogoutRedirectUri,
    client_id: s.clientId,
    ...(sso.idToken ? { id_token_hint: sso.idToken } : {}),
  });
  return { endSessionUrl: url.href };
}
