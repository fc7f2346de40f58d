import { Alert } from '@/components/ui/Alert';

/** A plain link: signing in through the provider is a top-level navigation, not a fetch. */
export function SsoButton({ name, next, unreachable }: { name: string; next: string; unreachable?: string }) {
  const href = `/api/v1/auth/oidc/login${next === '/' ? '' : `?next=${encodeURIComponent(next)}`}`;
  return (
    <div className="space-y-3">
      {unreachable ? <Alert tone="warn">{unreachable}</Alert> : null}
      <a
        href={href}
        className="inline-flex w-full items-center justify-center rounded-md bg-brand-600 px-3.5 py-2 text-sm font-medium text-white hover:bg-brand-700"
      >
        Sign in with {name}
      </a>
    </div>
  );
}

export function OrDivider() {
  return (
    <div className="my-5 flex items-center gap-3 text-xs text-slate-500" aria-hidden="true">
      <span className="h-px flex-1 bg-slate-200 dark:bg-slate-800" />
      or with your password
      <span className="h-px flex-1 bg-slate-200 dark:bg-slate-800" />
    </div>
  );
}
