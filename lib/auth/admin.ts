import { LiftoffError } from '@/lib/core/errors';
import type { AuthDeps, Principal } from './principal';
import type { Role } from './roles';
import { revokeUserSessions } from './sessions';
import { type PublicUser, updateUser } from './users';

/**
 * An admin's change to a user. Disabling deletes the user's sessions (and the cache entries)
 * so it takes effect on their next request; a role change drops cached sessions so the new
 * roles apply at once. Admins cannot lock themselves out.
 */
export async function changeUser(
  deps: AuthDeps,
  actor: Principal,
  id: string,
  patch: { roles?: Role[]; disabled?: boolean; name?: string },
): Promise<PublicUser> {
  if (id === actor.userId && (patch.disabled || (patch.roles && !patch.roles.includes('admin')))) {
    throw new LiftoffError('unprocessable', 'You cannot disable yourself or remove your own admin role.');
  }
  const user = await updateUser(deps.db, id, patch);
  if (patch.disabled !== undefined || patch.roles) {
    await revokeUserSessions(deps, id, { delete: patch.disabled === true });
  }
  return user;
}
