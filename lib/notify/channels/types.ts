import type { Channel, ChannelType } from '@/lib/config/notifications';
import type { NotificationPayload } from '../payload';

/** One message on its way: the same delivery id on every attempt. */
export interface Outgoing {
  deliveryId: string;
  payload: NotificationPayload;
  /** A person's address for their own email; '' sends to the channel's configured destination. */
  recipient: string;
}

/** How one attempt went. Channels never throw: every failure is `ok: false` with a short error. */
export interface SendResult {
  ok: boolean;
  /** HTTP status, or the SMTP reply code. */
  status?: number;
  /** The start of the receiver's answer. */
  response?: string;
  error?: string;
}

/** A channel as the admin page and API show it: no secret, no full URL. */
export interface PublicChannel {
  name: string;
  type: ChannelType;
  /** Masked: host only for URLs (Slack puts its secret in the path), the addresses for email. */
  destination: string;
  /** email: the SMTP server, credentials masked. */
  via?: string;
  timeoutMs: number;
  ratePerSecond: number;
}

/** One module per channel kind. */
export interface ChannelKind<C extends Channel> {
  type: C['type'];
  /** Sends within the channel's timeout (and stops when `signal` aborts). Never throws. */
  send(channel: C, message: Outgoing, signal: AbortSignal): Promise<SendResult>;
  describe(channel: C): PublicChannel;
  /** Sends of one channel at once, when the kind has its own limit (an SMTP connection pool). */
  maxInFlight?: number;
  /** Drops cached connections (config reload, shutdown). */
  close?(): Promise<void>;
}
