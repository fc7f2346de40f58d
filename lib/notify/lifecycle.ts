import 'server-only';
import { env } from '@/lib/config/env';
import { notificationsConfig } from '@/lib/config/notifications';
import { targetsConfig } from '@/lib/config/targets';
import { getDb } from '@/lib/db/client';
import { errorText, log } from '@/lib/log';
import { monitorIsLeader } from '@/lib/monitor';
import { everyOnLeader } from '@/lib/monitor/on-leader';
import { onRunEvent } from '@/lib/runs/write';
import { Dispatcher } from './dispatcher';
import { HealthWatcher } from './health';
import { publishToUsers } from './live';
import { onOutboxWrite, outboxWritten } from './outbox';
import { pruneNotifications } from './prune';
import { itemFailureIn } from './run-events';

const CHECK_MS = 1_000;
const PRUNE_MS = 3_600_000;
const g = globalThis as unknown as { __liftoffNotifier?: NodeJS.Timeout };

/** Links in messages: LIFTOFF_PUBLIC_URL, else this instance's own address. */
export const publicUrl = () => env().LIFTOFF_PUBLIC_URL ?? `http://localhost:${env().PORT}`;

/**
 * Start-up: every second, the scheduler's leader makes sure its dispatcher runs and checks
 * each environment's health; an instance that stops leading stops dispatching (its sends in
 * flight finish and are recorded).
 */
export function startNotifier(): void {
  if (g.__liftoffNotifier) return;
  let dispatcher: Dispatcher | null = null;
  let watcher: HealthWatcher | null = null;
  let busy = false;
  // Writes on this instance that are likely to notify wake the dispatcher at once.
  onRunEvent((e) => {
    if (
      e.action === 'run.create' ||
      e.action === 'run.status' ||
      e.action === 'signoff.sign' ||
      itemFailureIn(e)
    ) {
      outboxWritten();
    }
  });
  g.__liftoffNotifier = setInterval(async () => {
    if (busy) return;
    busy = true;
    try {
      const leader = await monitorIsLeader();
      if (leader && !dispatcher) {
        const db = await getDb();
        dispatcher = new Dispatcher({
          db,
          config: notificationsConfig,
          publicUrl: publicUrl(),
          onUsersNotified: (ids) => void publishToUsers(ids),
        });
        watcher = new HealthWatcher({ db, targets: targetsConfig, notifications: notificationsConfig });
        const d = dispatcher;
        onOutboxWrite(() => d.wake());
        dispatcher.start();
        log.info('notification dispatcher started');
      } else if (!leader && dispatcher) {
        onOutboxWrite(undefined);
        const d = dispatcher;
        dispatcher = null;
        watcher = null;
        await d.stop();
        log.info('notification dispatcher stopped (no longer leading)');
      }
      if (watcher && (await watcher.evaluate()).length) outboxWritten();
    } catch (err) {
      log.warn('notifier check failed', { error: errorText(err) });
    } finally {
      busy = false;
    }
  }, CHECK_MS);
  g.__liftoffNotifier.unref();
  everyOnLeader('notification pruning', PRUNE_MS, async () => pruneNotifications(await getDb()));
}
