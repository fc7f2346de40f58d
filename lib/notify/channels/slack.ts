import 'server-only';
import type { SlackChannel } from '@/lib/config/notifications';
import { slackMessage } from '../render';
import { postJson, urlChannelView } from './http';
import type { ChannelKind } from './types';

/** A Slack incoming webhook: Block Kit blocks with a plain-text fallback. Slack answers 200 `ok`. */
export const slack: ChannelKind<SlackChannel> = {
  type: 'slack',
  send(channel, { deliveryId, payload }, signal) {
    // Slack ignores these headers; Slack-compatible receivers (and logs) can use them.
    const headers = { 'x-liftoff-event': payload.type, 'x-liftoff-delivery': deliveryId };
    return postJson(channel.url, JSON.stringify(slackMessage(payload)), headers, channel.timeoutMs, signal);
  },
  describe: urlChannelView,
};
