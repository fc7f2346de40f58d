import 'server-only';
import { createHmac } from 'node:crypto';
import type { WebhookChannel } from '@/lib/config/notifications';
import { postJson, urlChannelView } from './http';
import type { ChannelKind } from './types';

/** `sha256=<hex HMAC-SHA256(secret, body)>`, as GitHub signs its webhooks. */
export const signatureOf = (secret: string, body: string) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

/** A signed JSON POST: the payload as is, with event, delivery id and signature in headers. */
export const webhook: ChannelKind<WebhookChannel> = {
  type: 'webhook',
  send(channel, { deliveryId, payload }, signal) {
    const body = JSON.stringify(payload);
    return postJson(
      channel.url,
      body,
      {
        'x-liftoff-event': payload.type,
        'x-liftoff-delivery': deliveryId,
        'x-liftoff-signature': signatureOf(channel.secret, body),
      },
      channel.timeoutMs,
      signal,
    );
  },
  describe: urlChannelView,
};
