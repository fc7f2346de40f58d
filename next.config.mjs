/** @type {import('next').NextConfig} */
const nextConfig = {
  experimental: { authInterrupts: true },
  // `npm run verify` type-checks the whole project (tsc); the build need not do it twice.
  typescript: { ignoreBuildErrors: true },
  // PGlite ships WASM and data files that must be loaded from node_modules, not bundled.
  serverExternalPackages: ['@electric-sql/pglite', '@node-rs/argon2', 'ioredis', 'pg'],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
