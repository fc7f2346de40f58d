export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { boot } = await import('@/lib/server/boot');
    await boot();
    // The production server (scripts/serve.mjs) serves these without Next.js's pipeline.
    const { installDirectRoutes } = await import('@/app/direct-routes');
    installDirectRoutes();
  }
}
