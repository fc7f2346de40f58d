import type { Metadata } from 'next';
import { cookies, headers } from 'next/headers';
import type { ReactNode } from 'react';
import { Providers } from '@/components/providers';
import { THEME_COOKIE } from '@/components/shell/theme';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Liftoff', template: '%s · Liftoff' },
  description: 'Deployment checklists as live, shared, self-verifying runs.',
  // Files in public/ (scripts/make-icons.ts draws the ICO and PNG from icon.svg).
  icons: {
    icon: [
      { url: '/favicon.ico', sizes: '16x16 32x32 48x48' },
      { url: '/icon.svg', type: 'image/svg+xml' },
    ],
    apple: '/apple-touch-icon.png',
  },
};

// With no saved choice, follow the OS before first paint so there is no flash of the wrong theme.
const followSystem = `if(matchMedia('(prefers-color-scheme: dark)').matches)document.documentElement.classList.add('dark')`;

export default async function RootLayout({ children }: { children: ReactNode }) {
  const [cookieStore, headerList] = await Promise.all([cookies(), headers()]);
  const theme = cookieStore.get(THEME_COOKIE)?.value;
  // The proxy's per-request nonce: the Content-Security-Policy runs no inline script without it.
  const nonce = headerList.get('x-nonce') ?? undefined;
  return (
    <html lang="en" className={theme === 'dark' ? 'dark' : undefined} suppressHydrationWarning>
      <head>
        {/* biome-ignore lint/security/noDangerouslySetInnerHtml: a constant script, no user input. */}
        {theme ? null : <script nonce={nonce} dangerouslySetInnerHTML={{ __html: followSystem }} />}
      </head>
      <body className="min-h-screen">
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
