import 'server-only';
import { enablePrincipalCache } from '@/lib/auth/principal-cache';
import { countUsers, createFirstAdmin } from '@/lib/auth/users';
import { sqlScreenReady } from '@/lib/checks/sql';
import { env, loadEnvOrExit } from '@/lib/config/env';
import { loadNotificationsConfigOrExit } from '@/lib/config/notifications';
import { loadTargetsConfigOrExit } from '@/lib/config/targets';
import { database } from '@/lib/db/client';
import { StoreInUseError } from '@/lib/db/store-lock';
import { publishRunWrites } from '@/lib/live';
import { errorText, log } from '@/lib/log';
import { startMonitor, stopMonitor } from '@/lib/monitor';
import { startNotifier } from '@/lib/notify/lifecycle';
import { recordRunNotificationsOnWrite } from '@/lib/notify/run-events';
import { getRedis } from '@/lib/redis/client';
import { startWatchLoop } from '@/lib/rollout/loop';
import { seedBuiltinTemplates } from '@/lib/templates/seed';
import { startReverifyLoop } from '@/lib/verify/loop';

/** Start-up: validate config, open and migrate the store, create the admin from the environment. */
export async function boot(): Promise<void> {
  loadEnvOrExit();
  loadTargetsConfigOrExit();
  // Checks with SQL are screened by PostgreSQL's parser (WASM): load it before the first request.
  await sqlScreenReady();
  loadNotificationsConfigOrExit();
  // Before anything can write: a run write commits, then reaches browsers through the live bus.
  publishRunWrites();
  recordRunNotificationsOnWrite();
  let db: Awaited<ReturnType<typeof database>>;
  try {
    db = await database();
  } catch (err) {
    if (err instanceof StoreInUseError) {
      process.stderr.write(`liftoff: ${err.message}\n`);
      process.exit(1);
    }
    // PostgreSQL may come up after us: serve 503s and retry on each request instead of dying.
    log.error('database unavailable at start-up; will retry on requests', {
      error: errorText(err),
    });
    return;
  }
  // Verified API keys and sessions are remembered briefly; every instance hears revocations.
  enablePrincipalCache(getRedis(), db.kind === 'pglite');
  const { LIFTOFF_ADMIN_EMAIL: email, LIFTOFF_ADMIN_PASSWORD: password } = env();
  if (email && password && (await countUsers(db.db)) === 0) {
    await createFirstAdmin(db.db, { email, name: 'Administrator', password });
    log.info('created the first admin from LIFTOFF_ADMIN_EMAIL', { email });
  }
  const seeded = await seedBuiltinTemplates(db.db);
  if (seeded) log.info('seeded the built-in templates', { count: seeded });
  // Probes every configured target; with several instances only the elected leader does.
  void startMonitor();
  startReverifyLoop();
  // Rollback triggers, soaking gates and recurring checks of staged runs, on the leader.
  startWatchLoop();
  startNotifier();
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    // Hand leadership back at once so another instance takes over without waiting out the lease.
    process.once(signal, () => void stopMonitor());
  }
  log.info('liftoff ready', { store: db.kind, redis: env().REDIS_URL ? 'configured' : 'disabled' });
}
