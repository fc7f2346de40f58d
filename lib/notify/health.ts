/**
 * Health notifications, per environment. Flapping is damped twice:
 * - a target (or an instance of one) counts as up, slow or down only once two probes in a row
 *   agree: the newest such pair of its samples stands for it, so a target alternating up and
 *   down every interval changes nothing, and one down for two intervals does;
 * - a message of one kind (unhealthy, degraded, recovered) for one environment is not sent
 *   again within `suppressRepeats` of the last; if the state still differs from what people
 *   were last told when that period ends, it goes out then.
 * The environment's status and reasons come from the health page's own rules (status.ts)
 * applied to those settled samples. What was announced lives in `health_alert_states`, updated
 * in the transaction that writes the event, so a new leader carries on where the last stopped.
 */
import { eq, sql } from 'drizzle-orm';
import type { NotificationsConfig } from '@/lib/config/notifications';
import type { TargetsConfig } from '@/lib/config/targets';
import { now } from '@/lib/core/clock';
import type { Db } from '@/lib/db/client';
import { healthAlertStates } from '@/lib/db/schema';
import { latestSamples } from '@/lib/monitor/overview';
import {
  type OverallStatus,
  overallStatus,
  type RecentSample,
  STALE_INTERVALS,
  type TargetHealth,
  targetHealth,
  thresholdFor,
} from '@/lib/monitor/status';
import { instancesOf } from '@/lib/probes/registry';
import type { EventType } from './events';
import { recordNotificationEvent } from './outbox';

type Settle = 'up' | 'slow' | 'down';
const classOf = (s: RecentSample, limitMs: number): Settle =>
  !s.ok ? 'down' : s.latencyMs > limitMs ? 'slow' : 'up';

/** The newest sample whose state the next older sample shares (samples newest first). */
export function settledSample(samples: readonly RecentSample[], limitMs: number): RecentSample | null {
  for (let i = 0; i + 1 < samples.length; i++) {
    if (classOf(samples[i]!, limitMs) === classOf(samples[i + 1]!, limitMs)) return samples[i]!;
  }
  return null;
}

export interface EnvironmentHealth {
  environment: string;
  status: OverallStatus;
  reasons: string[];
}

export interface HealthWatcherOptions {
  db: Db;
  targets: () => TargetsConfig;
  notifications: () => NotificationsConfig;
}

const EVENT_FOR: Record<OverallStatus, EventType> = {
  healthy: 'health.recovered',
  degraded: 'health.degraded',
  unhealthy: 'health.unhealthy',
};

export class HealthWatcher {
  /** Last settled sample per environment/target/instance, for targets flapping right now. */
  private settled = new Map<string, RecentSample>();

  constructor(private readonly opts: HealthWatcherOptions) {}

  /** The environment's status from settled samples; null when no target has recent data. */
  async environmentHealth(environment: string): Promise<EnvironmentHealth | null> {
    const env = this.opts.targets().environments[environment];
    if (!env) return null;
    const targets = Object.values(env.targets);
    const latest = await latestSamples(this.opts.db, env.name, targets);
    const at = now().getTime();
    const health: TargetHealth[] = [];
    for (const t of targets) {
      const reps = new Map<string, RecentSample[]>();
      const limit = thresholdFor(t.kind, env.thresholds);
      for (const instance of instancesOf(t)?.map((i) => i.name) ?? ['']) {
        const samples = latest.get(t.key)?.get(instance) ?? [];
        // No recent data says nothing about the target's health (the probes are not running).
        if (!samples[0] || at - samples[0].at.getTime() > STALE_INTERVALS * t.intervalMs) continue;
        const key = `${env.name}\n${t.key}\n${instance}`;
        const rep = settledSample(samples, limit) ?? this.settled.get(key);
        if (!rep) continue;
        this.settled.set(key, rep);
        reps.set(instance, [rep]);
      }
      if (reps.size === 0) continue;
      // Judged as of the settled samples' own time: they are settled, not stale.
      const asOf = new Date(Math.max(...[...reps.values()].map((r) => r[0]!.at.getTime())));
      health.push(targetHealth(t, reps, env.thresholds, asOf, new Set(reps.keys())));
    }
    if (health.length === 0) return null;
    return { environment: env.name, ...overallStatus(health) };
  }

  /** Checks every environment once; returns the events written. */
  async evaluate(): Promise<EventType[]> {
    const written: EventType[] = [];
    for (const name of Object.keys(this.opts.targets().environments)) {
      const h = await this.environmentHealth(name);
      if (!h) continue;
      const type = await this.announce(h);
      if (type) written.push(type);
    }
    return written;
  }

  /** Writes the transition and its event together, unless nothing changed or it repeats too soon. */
  private async announce(h: EnvironmentHealth): Promise<EventType | null> {
    const { db } = this.opts;
    const [row] = await db
      .select()
      .from(healthAlertStates)
      .where(eq(healthAlertStates.environment, h.environment));
    const previous = row?.announced ?? 'healthy';
    if (previous === h.status) return null;
    const type = EVENT_FOR[h.status];
    const at = now();
    const last = row?.lastSent[type];
    if (last && at.getTime() - Date.parse(last) < this.opts.notifications().health.suppressRepeatsMs)
      return null;
    const values = {
      announced: h.status,
      reasons: h.reasons,
      lastSent: { ...row?.lastSent, [type]: at.toISOString() },
      updatedAt: at,
    };
    return db.transaction(async (tx) => {
      // Conditional on what was read: of two leaders overlapping for a moment, one announces.
      const claimed = row
        ? await tx
            .update(healthAlertStates)
            .set(values)
            .where(
              sql`${healthAlertStates.environment} = ${h.environment} AND ${healthAlertStates.announced} = ${previous}`,
            )
            .returning({ e: healthAlertStates.environment })
        : await tx
            .insert(healthAlertStates)
            .values({ environment: h.environment, ...values })
            .onConflictDoNothing()
            .returning({ e: healthAlertStates.environment });
      if (claimed.length === 0) return null;
      await recordNotificationEvent(tx, {
        type,
        environment: h.environment,
        facts: { status: h.status, previous, reasons: h.status === 'healthy' ? [] : h.reasons },
        occurredAt: at,
      });
      return type;
    });
  }
}
