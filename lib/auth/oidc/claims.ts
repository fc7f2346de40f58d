import type { RoleGrant } from '@/lib/db/schema';
import type { Role } from '../roles';
import type { SsoFailureReason } from './errors';
import type { OidcSettings } from './settings';

/** What Liftoff takes from the ID token and userinfo claims of one sign-in. */
export interface SsoProfile {
  issuer: string;
  subject: string;
  email: string | null;
  emailVerified: boolean;
  name: string;
  /** Values of the roles claim, as strings. */
  groups: string[];
}

const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/** The value at a claim name, or at a dotted path when no claim has the whole name. */
function claimAt(claims: Record<string, unknown>, path: string): unknown {
  if (path in claims) return claims[path];
  let value: unknown = claims;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

export function profileOf(claims: Record<string, unknown>, rolesClaim: string): SsoProfile {
  const email = text(claims.email)?.toLowerCase() ?? null;
  const groups = claimAt(claims, rolesClaim);
  const fullName = [text(claims.given_name), text(claims.family_name)].filter(Boolean).join(' ');
  return {
    issuer: String(claims.iss),
    subject: String(claims.sub),
    email,
    // Some providers send the boolean as a string.
    emailVerified: claims.email_verified === true || claims.email_verified === 'true',
    name: (
      text(claims.name) ??
      (fullName || text(claims.preferred_username)) ??
      email ??
      String(claims.sub)
    ).slice(0, 200),
    groups: (Array.isArray(groups) ? groups : typeof groups === 'string' ? [groups] : [])
      .filter((g): g is string => typeof g === 'string')
      .slice(0, 1000),
  };
}

export type AccessDecision =
  | { ok: true; email: string; roles: Role[]; grants: RoleGrant[] }
  | { ok: false; reason: SsoFailureReason; why: string };

/**
 * Who gets in and with which roles, from the claims alone: the allowed domains (only on a
 * verified email), then the role map; no mapped group means the default role, or no access.
 */
export function decideAccess(profile: SsoProfile, s: OidcSettings): AccessDecision {
  const { email } = profile;
  if (!email) return { ok: false, reason: 'email_missing', why: 'no email claim' };
  if (s.allowedDomains.length) {
    if (!profile.emailVerified)
      return { ok: false, reason: 'email_unverified', why: 'email_verified is not true' };
    const domain = email.slice(email.lastIndexOf('@') + 1);
    if (!s.allowedDomains.includes(domain))
      return { ok: false, reason: 'no_access', why: `email domain ${domain} is not allowed` };
  }
  const seen = new Set(profile.groups);
  let grants: RoleGrant[] = s.roleMap.filter((m) => seen.has(m.group)).map((m) => ({ ...m }));
  if (grants.length === 0) {
    if (s.defaultRole === 'none') return { ok: false, reason: 'no_access', why: 'no group maps to a role' };
    grants = [{ group: null, role: s.defaultRole }];
  }
  return { ok: true, email, roles: [...new Set(grants.map((g) => g.role))], grants };
}
