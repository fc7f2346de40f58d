/**
 * Which user role may sign a sign-off row. Templates name roles freely ("QA Engineer",
 * "Product Manager"), so the match is on words, case-insensitive.
 *
 * A role that maps to no user role (e.g. "Security Lead") can be signed by any user holding
 * `engineer`: there is no dedicated role to ask for, and an engineer is the person accountable
 * for the run. `admin` alone never signs: signing is a statement by a person in that role.
 */

import type { Role } from '@/lib/auth/roles';
import { DEFAULT_SIGNOFF_ROLES } from '@/lib/checklist/model';

export type SignerRole = Extract<Role, 'developer' | 'devops' | 'qa' | 'po' | 'engineer'>;

// Order matters: "DevOps" must not fall through to developer.
const RULES: readonly [RegExp, SignerRole][] = [
  [/\bdev ?ops\b|\bsre\b|site reliability|\bops\b|\boperations\b/, 'devops'],
  [/\bqa\b|\bquality\b|\btest(er|ers|ing)?\b/, 'qa'],
  [/\bproduct (owner|manager)\b|\bpo\b|\bpm\b/, 'po'],
  [/\bdevelop(er|ers|ment)?\b|\bdev\b|\bsoftware engineer\b/, 'developer'],
];

const words = (label: string) =>
  label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/** The user role named by a sign-off label, or null when none fits. */
export function mappedRole(label: string): Exclude<SignerRole, 'engineer'> | null {
  const w = words(label);
  for (const [re, role] of RULES) if (re.test(w)) return role as Exclude<SignerRole, 'engineer'>;
  return null;
}

/** The user role that may sign the row: the mapped one, else `engineer`. */
export const signerRoleFor = (label: string): SignerRole => mappedRole(label) ?? 'engineer';

/** The template's sign-off roles, trimmed and de-duplicated (case-insensitive); defaults when none. */
export function signoffRolesOf(roles: readonly string[] | undefined): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of roles ?? []) {
    const label = raw.trim().replace(/\s+/g, ' ');
    const key = label.toLowerCase();
    if (!label || seen.has(key)) continue;
    seen.add(key);
    out.push(label);
  }
  return out.length ? out : [...DEFAULT_SIGNOFF_ROLES];
}

/** The template role a request names, matched case-insensitively. */
export const findRole = (roles: readonly string[], wanted: string) =>
  roles.find((r) => r.toLowerCase() === wanted.trim().replace(/\s+/g, ' ').toLowerCase());
