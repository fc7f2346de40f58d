import { z } from 'zod';
/** Roles a user can hold; the sign-off roles map to sign-off table rows. */
export const ROLES = ['admin', 'engineer', 'viewer', 'developer', 'devops', 'qa', 'po'] as const;
export type Role = (typeof ROLES)[number];

export const roleSchema = z.enum(ROLES, { message: `must be one of ${ROLES.join(', ')}` });
export const rolesSchema = z.array(roleSchema).min(1, 'at least one role is required');

/** Parses `engineer,qa` as typed on a command line or in a form. */
export function parseRoleList(text: string): Role[] | { error: string } {
  const parts = text
    .split(',')
    .map((p) => p.trim().toLowerCase())
    .filter(Boolean);
  const bad = parts.filter((p) => !(ROLES as readonly string[]).includes(p));
  if (parts.length === 0) return { error: 'at least one role is required' };
  if (bad.length) return { error: `unknown role ${bad.join(', ')}; roles are ${ROLES.join(', ')}` };
  return [...new Set(parts)] as Role[];
}

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Admin',
  engineer: 'Engineer',
  viewer: 'Viewer',
  developer: 'Developer',
  devops: 'DevOps',
  qa: 'QA',
  po: 'Product Owner',
};

export const hasAnyRole = (roles: readonly Role[], wanted: readonly Role[]) =>
  wanted.some((r) => roles.includes(r));
