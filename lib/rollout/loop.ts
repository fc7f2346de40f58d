import 'server-only';
import { targetsConfig } from '@/lib/config/targets';
import { getDb } from '@/lib/db/client';
import { log } from '@/lib/log';
import { monitorIsLeader } from '@/lib/monitor';
import { evaluateDueWatches } from './watcher';

/** Each watch is due on its target's interval; the loop only looks every second. */
const TICK_MS = 1_000;
const g = globalThis as unknown as { __liftoffWatcher?: NodeJS.Timeout };

/** Every second the monitor's leader evaluates the due triggers, soaking gates and recurring checks. */
export function startWatchLoop(): void {
  if (g.__liftoffWatcher) return;
  let busy = false;
  g.__liftoffWatcher = setInterval(async () => {
    if (busy || !(await monitorIsLeader())) return;
    busy = true;
    try {
      await evaluateDueWatches(await getDb(), targetsConfig());
    } catch (err) {
      log.warn('rollout watch round skipped', { error: err instanceof Error ? err.message : String(err) });
    } finally {
      busy = false;
    }
  }, TICK_MS);
  g.__liftoffWatcher.unref();
}

export function stopWatchLoop(): void {
  clearInterval(g.__liftoffWatcher);
  g.__liftoffWatcher = undefined;
}
