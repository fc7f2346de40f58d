/**
 * The kinds of notification. Each entry is all a new kind needs: its label and how its
 * headline reads. Routes in the config name these types; a future kind (a stage starting, a
 * rollback trigger firing) is one entry here plus one `recordNotificationEvent` call where it
 * happens. Pure: the config parser and the browser use it too.
 */
import type { NotificationPayload } from './payload';

interface EventTypeSpec {
  /** What the delivery log and the bell call it. */
  label: string;
  /** 'run' events go to the run's followers too; 'health' events only to routes. */
  scope: 'run' | 'health';
  /** One line saying what happened, from the rendered payload. */
  headline(p: NotificationPayload): string;
}

const runTitle = (p: NotificationPayload) => (p.run ? `"${p.run.title}"` : 'a run');
const by = (p: NotificationPayload) => (p.actor ? ` by ${p.actor.name}` : '');
const where = (p: NotificationPayload) => (p.environment ? ` (${p.environment})` : '');
const roles = (list: readonly string[] | undefined) => (list?.length ? list.join(', ') : 'nobody');
const triggerValue = (p: NotificationPayload) =>
  p.trigger?.value !== undefined && p.trigger.value !== null
    ? ` (value ${String(p.trigger.value)}${p.trigger.threshold ? `, bad when ${p.trigger.threshold}` : ''})`
    : '';
const FINISHED: Record<string, string> = {
  verified: 'verified',
  aborted: 'aborted',
  rolled_back: 'rolled back',
};

export const EVENT_TYPES = {
  'run.started': {
    label: 'Run started',
    scope: 'run',
    headline: (p) => `Run ${runTitle(p)} started${by(p)}${where(p)}`,
  },
  'run.ready_for_signoff': {
    label: 'Ready for sign-off',
    scope: 'run',
    headline: (p) => `Run ${runTitle(p)} is ready for sign-off: waiting for ${roles(p.signoff?.roles)}`,
  },
  'signoff.added': {
    label: 'Sign-off added',
    scope: 'run',
    headline: (p) =>
      `${p.actor?.name ?? 'Someone'} signed ${runTitle(p)} as ${p.signoff?.role ?? 'a signer'}`,
  },
  'signoff.stale': {
    label: 'Sign-off stale',
    scope: 'run',
    headline: (p) =>
      `Sign-off of ${runTitle(p)} is stale for ${roles(p.signoff?.roles)}: the run changed${by(p)}`,
  },
  'run.finished': {
    label: 'Run finished',
    scope: 'run',
    headline: (p) =>
      `Run ${runTitle(p)} ${FINISHED[p.run?.status ?? ''] ?? 'finished'}${by(p)}${p.reason ? `: ${p.reason}` : ''}`,
  },
  'item.failed': {
    label: 'Item failed',
    scope: 'run',
    headline: (p) => `"${p.item?.text ?? 'An item'}" failed in ${runTitle(p)}${by(p)}`,
  },
  'stage.started': {
    label: 'Stage started',
    scope: 'run',
    headline: (p) =>
      `${p.stage?.title ?? 'A stage'} of ${runTitle(p)} started${by(p)}${p.stage?.forced ? ' (forced)' : ''}${where(p)}`,
  },
  'stage.gate_passed': {
    label: 'Stage gate passed',
    scope: 'run',
    headline: (p) => `${p.stage?.title ?? 'The next stage'} of ${runTitle(p)} can start: its gate has passed`,
  },
  'trigger.fired': {
    label: 'Rollback trigger fired',
    scope: 'run',
    headline: (p) =>
      `Rollback trigger fired in ${runTitle(p)}${where(p)}: ${p.trigger?.text ?? ''}${triggerValue(p)}`,
  },
  'trigger.resolved': {
    label: 'Rollback trigger resolved',
    scope: 'run',
    headline: (p) =>
      `Rollback trigger resolved in ${runTitle(p)}${where(p)}: ${p.trigger?.text ?? ''}${triggerValue(p)}`,
  },
  'trigger.acknowledged': {
    label: 'Rollback trigger acknowledged',
    scope: 'run',
    headline: (p) =>
      `${p.actor?.name ?? 'Someone'} acknowledged a rollback trigger in ${runTitle(p)}: ${p.trigger?.text ?? ''}${p.reason ? ` — ${p.reason}` : ''}`,
  },
  'health.unhealthy': {
    label: 'Environment unhealthy',
    scope: 'health',
    headline: (p) => `${p.environment} is unhealthy`,
  },
  'health.degraded': {
    label: 'Environment degraded',
    scope: 'health',
    headline: (p) => `${p.environment} is degraded`,
  },
  'health.recovered': {
    label: 'Environment recovered',
    scope: 'health',
    headline: (p) => `${p.environment} has recovered`,
  },
} as const satisfies Record<string, EventTypeSpec>;

/** Every routable event type. */
export type EventType = keyof typeof EVENT_TYPES;
export const EVENT_TYPE_NAMES = Object.keys(EVENT_TYPES) as EventType[];

/** Sent only by an admin's "Send test"; never routed. */
export const TEST_EVENT = 'test';
export type NotificationType = EventType | typeof TEST_EVENT;

export const isEventType = (type: string): type is EventType => Object.hasOwn(EVENT_TYPES, type);

export function eventLabel(type: string): string {
  if (type === TEST_EVENT) return 'Test';
  return isEventType(type) ? EVENT_TYPES[type].label : type;
}

export function headline(p: NotificationPayload): string {
  if (p.type === TEST_EVENT) return 'Test notification from Liftoff';
  return isEventType(p.type) ? EVENT_TYPES[p.type].headline(p) : p.type;
}
