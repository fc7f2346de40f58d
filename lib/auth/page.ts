import 'server-only';
import { cookies, headers } from 'next/headers';
import { forbidden, redirect } from 'next/navigation';
import { cache } from 'react';
import { requestDeps } from '@/lib/server/deps';
import { authenticate } from './authenticate';
import { loginPath } from './next-path';
import type { Principal } from './principal';
import { hasAnyRole, type Role } from './roles';

/**
 * Who is asking, once per request however many pages, layouts and data functions ask. Layouts
 * do not guard pages in the App Router (a client navigation renders a page without its
 * layout), so every page and every server data function it uses asks for itself.
 */
const currentPrincipal = cache(async (): Promise<Principal | null> => {
  const [deps, cookieStore, headerList] = await Promise.all([requestDeps(), cookies(), headers()]);
  return authenticate(deps, headerList, (n) => cookieStore.get(n)?.value);
});

/** Server-side gate for pages and their data: no session → login; missing role → 403 (admins pass). */
export async function requirePrincipal(roles?: readonly Role[]): Promise<Principal> {
  const principal = await currentPrincipal();
  if (!principal) redirect(loginPath((await headers()).get('x-liftoff-path')));
  if (roles && !hasAnyRole(principal.roles, [...roles, 'admin'])) forbidden();
  return principal;
}
