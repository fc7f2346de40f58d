import 'server-only';
import { getDb } from '@/lib/db/client';
import { everyOnLeader } from '@/lib/monitor/on-leader';
import { reverifyDue } from './reverify';

/** Every 5 s the monitor's leader re-runs the continuous checks that are due. */
export function startReverifyLoop(): void {
  everyOnLeader('continuous verification', 5_000, async () => reverifyDue(await getDb()));
}
