/**
 * Notifications: events written to an outbox in the transaction of the change that caused
 * them, expanded and sent by the dispatcher on the scheduler's leader to webhooks, Slack and
 * email, and to followers in the app.
 */

export { type ChannelView, channelViews, deliveryQuery, sendTest } from './admin';
export {
  type Claimed,
  createTestDelivery,
  DELIVERY_STATES,
  type DeliveryFilter,
  type DeliveryView,
  listDeliveries,
  redeliver,
} from './deliveries';
export { Dispatcher, type DispatcherOptions } from './dispatcher';
export {
  EVENT_TYPE_NAMES,
  EVENT_TYPES,
  type EventType,
  eventLabel,
  type NotificationType,
  TEST_EVENT,
} from './events';
export { expandPending } from './expand';
export { HealthWatcher } from './health';
export {
  type Inbox,
  type InboxItem,
  inbox,
  isFollowing,
  type MarkReadInput,
  markRead,
  markReadInput,
  setFollowing,
} from './inbox';
export { type NewNotificationEvent, recordNotificationEvent, recordNotificationEvents } from './outbox';
export type { NotificationPayload } from './payload';
