import { json, route } from '@/lib/api/route';
import { isFollowing, setFollowing } from '@/lib/notify';

/** `{ following }`: whether the caller follows the run. */
export const GET = route<{ id: string }>(
  '/api/v1/runs/:id/follow',
  'user',
  async ({ deps, params, principal }) =>
    json({ following: await isFollowing(deps.db, params.id, principal.userId) }),
);

/** Follow: the run's events reach the caller in the app (and by email when an email channel exists). */
export const PUT = route<{ id: string }>(
  '/api/v1/runs/:id/follow',
  'user',
  async ({ deps, params, principal }) =>
    json({ following: await setFollowing(deps.db, params.id, principal.userId, true) }),
);

export const DELETE = route<{ id: string }>(
  '/api/v1/runs/:id/follow',
  'user',
  async ({ deps, params, principal }) =>
    json({ following: await setFollowing(deps.db, params.id, principal.userId, false) }),
);
