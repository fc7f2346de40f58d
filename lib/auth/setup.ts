import 'server-only';
import { getDb } from '@/lib/db/client';
import { countUsers } from './users';

let setupDone = false;

/** True while no user exists. Once someone exists it never goes back, so that answer is cached. */
export async function needsSetup(): Promise<boolean> {
  if (setupDone) return false;
  setupDone = (await countUsers(await getDb())) > 0;
  return !setupDone;
}
