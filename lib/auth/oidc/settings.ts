import { type Env, env } from '@/lib/config/env';
import { LiftoffError } from '@/lib/core/errors';
import type { Role } from '../roles';

/** Single sign-on as configured: everything the flow needs, derived once from the environment. */
export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret?: string;
  /** The button label: "Sign in with <name>". */
  name: string;
  scopes: string[];
  /** A claim name, or a dotted path into the claims (`realm_access.roles`). */
  rolesClaim: string;
  roleMap: readonly { group: string; role: Role }[];
  /** Given when no group maps to a role; `none` refuses such users. */
  defaultRole: Role | 'none';
  /** Lower-case email domains allowed in; empty allows any. */
  allowedDomains: readonly string[];
  redirectUri: string;
  postLogoutRedirectUri: string;
  /** Whether the password form is offered (break-glass admins may always use it). */
  passwordLogin: boolean;
}

export const CALLBACK_PATH = '/api/v1/auth/oidc/callback';

/** Null when single sign-on is not configured. */
export function oidcSettings(e: Env = env()): OidcSettings | null {
  if (!e.LIFTOFF_OIDC_ISSUER || !e.LIFTOFF_OIDC_CLIENT_ID || !e.LIFTOFF_PUBLIC_URL) return null;
  return {
    issuer: e.LIFTOFF_OIDC_ISSUER,
    clientId: e.LIFTOFF_OIDC_CLIENT_ID,
    ...(e.LIFTOFF_OIDC_CLIENT_SECRET ? { clientSecret: e.LIFTOFF_OIDC_CLIENT_SECRET } : {}),
    name: e.LIFTOFF_OIDC_NAME,
    scopes: e.LIFTOFF_OIDC_SCOPES,
    rolesClaim: e.LIFTOFF_OIDC_ROLES_CLAIM,
    roleMap: e.LIFTOFF_OIDC_ROLE_MAP,
    defaultRole: e.LIFTOFF_OIDC_DEFAULT_ROLE,
    allowedDomains: e.LIFTOFF_OIDC_ALLOWED_DOMAINS,
    redirectUri: `${e.LIFTOFF_PUBLIC_URL}${CALLBACK_PATH}`,
    postLogoutRedirectUri: `${e.LIFTOFF_PUBLIC_URL}/login`,
    passwordLogin: e.LIFTOFF_PASSWORD_LOGIN,
  };
}

/** For the single sign-on routes: 404 when it is not configured. */
export function requireOidcSettings(): OidcSettings {
  const s = oidcSettings();
  if (!s) throw new LiftoffError('not_found', 'Single sign-on is not configured on this Liftoff.');
  return s;
}
