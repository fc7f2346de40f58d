import { LiftoffError } from '@/lib/core/errors';
import type { Principal, RequestDeps } from './principal';
import { revokeUserSessions } from './sessions';
import { getUser, type PublicUser, type UserPatch, updateUser } from './users';

/**
 * An admin's change to a user. Disabling deletes the user's sessions (and the cache entries)
 * so it takes effect on their next request; a role change drops cached sessions so the new
 * roles apply at once; `signOut` deletes every session, so a single sign-on user's groups are
 * read again at their next sign-in. Admins cannot lock themselves out.
 */
export async function changeUser(
  deps: RequestDeps,
  actor: Principal,
  id: string,
  patch: UserPatch & { signOut?: boolean },
): Promise<PublicUser> {
  const { signOut, ...change } = patch;
  if (
    id === actor.userId &&
    (change.disabled || signOut || (change.roles && !change.roles.includes('admin')))
  ) {
    throw new LiftoffError(
      'unprocessable',
      'You cannot disable or sign out yourself, or remove your own admin role.',
    );
  }
  const current = await getUser(deps.db, id);
  if (!current) throw new LiftoffError('not_found', 'That user does not exist.');
  if (current.source === 'sso' && (change.roles || change.ssoLinkAllowed)) {
    throw new LiftoffError(
      'unprocessable',
      change.roles
        ? `${current.name} signs in through single sign-on: their roles come from their groups at each sign-in. Change the groups at the identity provider, then sign them out.`
        : `${current.name} already signs in through single sign-on.`,
    );
  }
  const user = await updateUser(deps.db, id, change);
  if (change.disabled !== undefined || change.roles || signOut) {
    await revokeUserSessions(deps, id, { delete: change.disabled === true || signOut === true });
  }
  return user;
}
