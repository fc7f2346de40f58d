import 'server-only';
import { errorText, log } from '@/lib/log';
import { monitorIsLeader } from './lifecycle';

const g = globalThis as unknown as { __liftoffLeaderTasks?: Map<string, NodeJS.Timeout> };
g.__liftoffLeaderTasks ??= new Map();
const tasks = g.__liftoffLeaderTasks;

/**
 * Runs `task` every `everyMs` on the monitor's leader only, never two runs at once; a failed
 * run is one warning line, and the next tick tries again. Started once per process per name.
 */
export function everyOnLeader(name: string, everyMs: number, task: () => Promise<unknown>): void {
  if (tasks.has(name)) return;
  let busy = false;
  const timer = setInterval(async () => {
    if (busy || !(await monitorIsLeader())) return;
    busy = true;
    try {
      await task();
    } catch (err) {
      log.warn(`${name} skipped`, { error: errorText(err) });
    } finally {
      busy = false;
    }
  }, everyMs);
  // A leader task never keeps a process (a CLI, a test) alive by itself.
  timer.unref();
  tasks.set(name, timer);
}

export function stopOnLeader(name: string): void {
  clearInterval(tasks.get(name));
  tasks.delete(name);
}
