import 'server-only';
import type { Channel, ChannelType } from '@/lib/config/notifications';
import { email } from './email';
import { slack } from './slack';
import type { ChannelKind, Outgoing, PublicChannel, SendResult } from './types';
import { webhook } from './webhook';

export type { Outgoing, PublicChannel, SendResult } from './types';
export { signatureOf } from './webhook';

/** Channel kinds by type: a new kind is one module and one entry here (and its config schema). */
const KINDS: { [K in ChannelType]: ChannelKind<Extract<Channel, { type: K }>> } = { webhook, slack, email };

const kindOf = <C extends Channel>(channel: C) => KINDS[channel.type] as unknown as ChannelKind<C>;

export const sendTo = (channel: Channel, message: Outgoing, signal: AbortSignal): Promise<SendResult> =>
  kindOf(channel).send(channel, message, signal);

/** How many sends of this channel may be in flight at once, at most `limit`. */
export const channelConcurrency = (channel: Channel, limit: number): number =>
  Math.min(limit, kindOf(channel).maxInFlight ?? limit);

export const describeChannel = (channel: Channel): PublicChannel => kindOf(channel).describe(channel);

export async function closeChannels(): Promise<void> {
  await Promise.all(Object.values(KINDS).map((k) => k.close?.()));
}
