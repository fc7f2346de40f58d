import 'server-only';
import { getDb } from '@/lib/db/client';
import { log } from '@/lib/log';
import { monitorIsLeader } from '@/lib/monitor';
import { reverifyDue } from './reverify';

const TICK_MS = 5_000;
const g = globalThis as unknown as { __liftoffReverify?: NodeJS.Timeout };

/** Every 5 s the monitor's leader re-runs the continuous checks that are due. */
export function startReverifyLoop(): void {
  if (g.__liftoffReverify) return;
  let busy = false;
  g.__liftoffReverify = setInterval(async () => {
    if (busy || !(await monitorIsLeader())) return;
    busy = true;
    try {
      await reverifyDue(await getDb());
    } catch (err) {
      log.warn('continuous verification skipped', {
        error: err instanceof Error ? err.message : String(err),
      });
    } finally {
      busy = false;
    }
  }, TICK_MS);
  g.__liftoffReverify.unref();
}
