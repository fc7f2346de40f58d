import Link from 'next/link';
import type { ReactNode } from 'react';
import { NotificationBell } from '@/components/notify/NotificationBell';
import type { Principal } from '@/lib/auth/principal';
import { MainMenu } from './MainMenu';
import { NavLink } from './NavLink';
import { ThemeToggle } from './ThemeToggle';
import { UserMenu } from './UserMenu';

const NAV = [
  { href: '/', label: 'Overview' },
  { href: '/templates', label: 'Templates' },
  { href: '/runs', label: 'Runs' },
  { href: '/health', label: 'Health' },
] as const;

export function AppShell({ principal, children }: { principal: Principal; children: ReactNode }) {
  const isAdmin = principal.roles.includes('admin');
  return (
    <div className="flex min-h-screen flex-col">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      <header className="no-print sticky top-0 z-40 border-b border-slate-200 bg-white/90 backdrop-blur dark:border-slate-800 dark:bg-slate-950/90">
        <div className="mx-auto flex max-w-7xl items-center gap-4 px-4 py-2.5">
          <Link href="/" className="flex items-center gap-2 font-semibold tracking-tight">
            <span
              aria-hidden="true"
              className="grid h-7 w-7 place-items-center rounded-md bg-brand-600 text-white"
            >
              ↑
            </span>
            Liftoff
          </Link>
          <MainMenu>
            <nav
              aria-label="Main"
              className="flex flex-col gap-1 md:flex-1 md:flex-row md:flex-wrap md:items-center"
            >
              {NAV.map((n) => (
                <NavLink key={n.href} href={n.href}>
                  {n.label}
                </NavLink>
              ))}
              {isAdmin ? <NavLink href="/admin">Admin</NavLink> : null}
            </nav>
            <div className="flex items-center justify-between gap-3 border-t border-slate-200 pt-3 md:order-1 md:border-0 md:pt-0 dark:border-slate-800">
              <ThemeToggle />
              <UserMenu name={principal.name} email={principal.email} roles={principal.roles} />
            </div>
          </MainMenu>
          {/* Outside the menu, so the unread count stays in sight on a phone; on wider screens it sits between the links and the account controls (md:order-1 above). */}
          <NotificationBell />
        </div>
      </header>
      <main id="main" className="mx-auto w-full max-w-7xl flex-1 px-4 py-6">
        {children}
      </main>
    </div>
  );
}

export function PageHeader({
  title,
  description,
  action,
}: {
  title: string;
  description?: ReactNode;
  action?: ReactNode;
}) {
  return (
    <div className="mb-6 flex flex-wrap items-end justify-between gap-3">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
        {description ? <p className="mt-1 text-sm text-muted">{description}</p> : null}
      </div>
      {action}
    </div>
  );
}
