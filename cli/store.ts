import type { Redis } from 'ioredis';
import type { RequestDeps } from '@/lib/auth/principal';
import { env } from '@/lib/config/env';
import { type Database, openConfiguredDatabase } from '@/lib/db/client';
import { createRedis } from '@/lib/redis/client';

/**
 * Opens the configured store for one CLI command. Against the embedded store this takes the
 * same lock as the server, so a running Liftoff makes the CLI refuse instead of corrupting it.
 */
export async function withStore<T>(fn: (deps: RequestDeps, store: Database) => Promise<T>): Promise<T> {
  const store = await openConfiguredDatabase();
  let redis: Redis | null = null;
  try {
    await store.migrate();
    const url = env().REDIS_URL;
    if (url) {
      redis = createRedis(url, 'liftoff-cli');
      // Give Redis a moment so cache invalidations reach it; without it the CLI still works.
      await new Promise<void>((resolve) => {
        const done = () => resolve();
        redis!.once('ready', done);
        setTimeout(done, 1_000);
      });
    }
    return await fn({ db: store.db, redis }, store);
  } finally {
    redis?.disconnect();
    await store.close();
  }
}
