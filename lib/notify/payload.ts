/**
 * What every channel sends: the webhook body as is, and what Slack and email render. Fixed
 * when the event is expanded, so every retry of a delivery sends the same bytes.
 */
import type { NotificationType } from './events';

export interface NotificationPayload {
  /** The event's id (several deliveries share it; X-Liftoff-Delivery tells them apart). */
  id: string;
  type: NotificationType;
  occurredAt: string;
  environment: string | null;
  /** One line saying what happened. */
  summary: string;
  run?: { id: string; title: string; url: string; status: string; releaseVersion?: string };
  item?: { id: string; text: string; state: string; note?: string };
  actor?: { name: string; kind: string };
  /** signoff.added: the role signed; ready / stale: the roles concerned. */
  signoff?: { role?: string; roles?: string[] };
  health?: { status: string; previous: string; reasons: string[] };
  /** stage.*: the stage; trigger.*: the stage the trigger belongs to. */
  stage?: { id: string; title: string; forced?: boolean };
  /** trigger.*: what is watched, what it measured and its bad condition. */
  trigger?: { id: string; text: string; check?: string; value?: unknown; threshold?: string; since?: string };
  /** Why a run ended (aborted, rolled back). */
  reason?: string;
}
