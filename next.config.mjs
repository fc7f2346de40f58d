import securityHeaders from './lib/api/security-headers.json' with { type: 'json' };

/** @type {import('next').NextConfig} */
const nextConfig = {
  experimental: { authInterrupts: true },
  // `npm run verify` type-checks the whole project (tsc); the build need not do it twice.
  typescript: { ignoreBuildErrors: true },
  // PGlite ships WASM and data files that must be loaded from node_modules, not bundled.
  serverExternalPackages: ['@electric-sql/pglite', '@node-rs/argon2', 'ioredis', 'libpg-query', 'pg'],
  poweredByHeader: false,
  // Pages get their nonce-based Content-Security-Policy from proxy.ts; these hold for every answer.
  async headers() {
    // Shared with the routes served directly (lib/api/direct-routes.ts).
    const { common, noContent } = securityHeaders;
    return [
      { source: '/:path*', headers: common },
      { source: '/api/:path*', headers: noContent },
      { source: '/metrics', headers: noContent },
    ];
  },
  reactStrictMode: true,
};

export default nextConfig;
