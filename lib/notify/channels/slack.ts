import 'server-only';
import type { SlackChannel } from '@/lib/config/notifications';
import { slackMessage } from '../render';
import { maskEndpoint, postJson } from './http';
import type { ChannelKind } from './types';

/** A Slack incoming webhook: Block Kit blocks with a plain-text fallback. Slack answers 200 `ok`. */
export const slack: ChannelKind<SlackChannel> = {
  type: 'slack',
  send(channel, { payload }, signal) {
    return postJson(channel.url, JSON.stringify(slackMessage(payload)), {}, channel.timeoutMs, signal);
  },
  describe: (c) => ({
    name: c.name,
    type: c.type,
    destination: maskEndpoint(c.url),
    timeoutMs: c.timeoutMs,
    ratePerSecond: c.rate.perSecond,
  }),
};
