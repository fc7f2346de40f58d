import { validateApiKey } from './apikeys';
import type { Principal, RequestDeps } from './principal';
import { SESSION_COOKIE, validateSession } from './sessions';

/** Reads a session cookie or an API key (`Authorization: Bearer` or `X-API-Key`) from a request. */
export async function authenticate(
  deps: RequestDeps,
  headers: Headers,
  cookie: (name: string) => string | undefined,
): Promise<Principal | null> {
  const bearer = headers.get('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1];
  const key = bearer ?? headers.get('x-api-key') ?? undefined;
  if (key) return validateApiKey(deps.db, key.trim());
  return validateSession(deps, cookie(SESSION_COOKIE));
}
