import 'server-only';
import { cookies, headers } from 'next/headers';
import { forbidden, redirect } from 'next/navigation';
import { requestDeps } from '@/lib/server/deps';
import { authenticate } from './authenticate';
import type { Principal } from './principal';
import { hasAnyRole, type Role } from './roles';

/** Server-side gate for pages: no session → login; missing role → 403 (admins pass). */
export async function requirePrincipal(roles?: readonly Role[]): Promise<Principal> {
  const [deps, cookieStore, headerList] = await Promise.all([requestDeps(), cookies(), headers()]);
  const principal = await authenticate(deps, headerList, (n) => cookieStore.get(n)?.value);
  if (!principal) {
    const from = headerList.get('x-liftoff-path');
    redirect(from && from !== '/' ? `/login?next=${encodeURIComponent(from)}` : '/login');
  }
  if (roles && !hasAnyRole(principal.roles, [...roles, 'admin'])) forbidden();
  return principal;
}
