import 'server-only';
import type { RequestDeps } from '@/lib/auth/principal';
import { getDb } from '@/lib/db/client';
import { getRedis } from '@/lib/redis/client';

/** What request handlers need: the store and, when configured, Redis. */
export async function requestDeps(): Promise<RequestDeps> {
  return { db: await getDb(), redis: getRedis() };
}
