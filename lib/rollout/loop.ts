import 'server-only';
import { targetsConfig } from '@/lib/config/targets';
import { getDb } from '@/lib/db/client';
import { everyOnLeader, stopOnLeader } from '@/lib/monitor/on-leader';
import { evaluateDueWatches } from './watcher';

const NAME = 'rollout watch round';

/**
 * Every second the monitor's leader evaluates the due triggers, soaking gates and recurring
 * checks (each watch is due on its own target's interval; the loop only looks every second).
 */
export function startWatchLoop(): void {
  everyOnLeader(NAME, 1_000, async () => evaluateDueWatches(await getDb(), targetsConfig()));
}

export function stopWatchLoop(): void {
  stopOnLeader(NAME);
}
