import 'server-only';
import { targetsConfig } from '@/lib/config/targets';
import { errorText, log } from '@/lib/log';
import { Monitor, type MonitorOptions } from './monitor';

/**
 * The process-wide monitor, kept on globalThis so every bundle (route handlers, the
 * instrumentation hook) shares one. `startMonitor` is idempotent and safe to call from boot.
 */
const g = globalThis as unknown as { __liftoffMonitor?: Promise<Monitor | null> };

/** `next build` imports server modules to collect pages: nothing may start probing then. */
export function monitorDisabled(env: Record<string, string | undefined> = process.env): string | null {
  if (env.NEXT_PHASE === 'phase-production-build') return 'next build';
  if (env.LIFTOFF_MONITOR === 'off') return 'LIFTOFF_MONITOR=off';
  return null;
}

/** Starts the monitor once per process; resolves to null when disabled or the store is down. */
export function startMonitor(overrides: Partial<MonitorOptions> = {}): Promise<Monitor | null> {
  const disabled = monitorDisabled();
  if (disabled) {
    log.debug('monitor not started', { reason: disabled });
    return Promise.resolve(null);
  }
  g.__liftoffMonitor ??= (async () => {
    const [{ database }, { getRedis }] = await Promise.all([
      import('@/lib/db/client'),
      import('@/lib/redis/client'),
    ]);
    const monitor = new Monitor({
      store: await database(),
      config: targetsConfig,
      redis: getRedis(),
      ...overrides,
    });
    monitor.start();
    return monitor;
  })().catch((err: unknown) => {
    // PostgreSQL may come up later: a later call (the next boot hook, a test) tries again.
    g.__liftoffMonitor = undefined;
    log.warn('monitor not started', { error: errorText(err) });
    return null;
  });
  return g.__liftoffMonitor;
}

/** Stops the process-wide monitor (releasing leadership); idempotent. */
export async function stopMonitor(): Promise<void> {
  const pending = g.__liftoffMonitor;
  g.__liftoffMonitor = undefined;
  const monitor = await pending;
  await monitor?.stop();
}

/** True when this process's monitor is the elected leader (work that must run once, runs here). */
export async function monitorIsLeader(): Promise<boolean> {
  const monitor = await g.__liftoffMonitor;
  return monitor?.isLeader ?? false;
}
