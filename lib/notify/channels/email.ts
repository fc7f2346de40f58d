import 'server-only';
import nodemailer from 'nodemailer';
import type { EmailChannel } from '@/lib/config/notifications';
import { maskUrl } from '@/lib/config/targets';
import { redact } from '@/lib/log';
import { emailHtml, emailSubject, emailText } from '../render';
import { EXCERPT_CHARS } from './http';
import type { ChannelKind } from './types';

type Transport = ReturnType<typeof nodemailer.createTransport>;

/** SMTP connections per channel: the dispatcher sends at most this many mails of a channel at once, so none waits in a queue behind the timeout. */
const CONNECTIONS = 5;

/** One pooled SMTP connection set per channel and server, kept between sends. */
const transports = new Map<string, Transport>();

function transportFor(channel: EmailChannel): Transport {
  const key = `${channel.name}\n${channel.smtp}`;
  let t = transports.get(key);
  if (!t) {
    t = nodemailer.createTransport({
      url: channel.smtp,
      pool: true,
      maxConnections: CONNECTIONS,
      connectionTimeout: channel.timeoutMs,
      greetingTimeout: channel.timeoutMs,
      socketTimeout: channel.timeoutMs,
    });
    transports.set(key, t);
  }
  return t;
}

const replyCode = (response: unknown) => {
  const m = /^(\d{3})/.exec(String(response ?? ''));
  return m ? Number(m[1]) : undefined;
};

/** SMTP through nodemailer: plain text and simple HTML with the same content. */
export const email: ChannelKind<EmailChannel> = {
  type: 'email',
  maxInFlight: CONNECTIONS,
  async send(channel, { deliveryId, payload, recipient }, signal) {
    const sending = transportFor(channel).sendMail({
      from: channel.from,
      to: recipient || channel.to,
      subject: emailSubject(payload),
      text: emailText(payload),
      html: emailHtml(payload),
      headers: { 'X-Liftoff-Event': payload.type, 'X-Liftoff-Delivery': deliveryId },
    });
    let timer: NodeJS.Timeout | undefined;
    const stopped = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), channel.timeoutMs);
      signal.addEventListener('abort', () => resolve('timeout'), { once: true });
    });
    try {
      const info = await Promise.race([sending, stopped]);
      if (info === 'timeout') {
        sending.catch(() => {});
        return { ok: false, error: `no answer within ${channel.timeoutMs / 1000} s` };
      }
      const response = String(info.response ?? '').slice(0, EXCERPT_CHARS);
      if (info.rejected?.length)
        return {
          ok: false,
          status: replyCode(response),
          response,
          error: 'the server refused the recipient',
        };
      return { ok: true, status: replyCode(response), response };
    } catch (err) {
      const e = err as { responseCode?: number; response?: string; code?: string; message?: string };
      const error =
        e.code === 'ECONNREFUSED'
          ? 'connection refused'
          : redact(e.message ?? String(err)).slice(0, EXCERPT_CHARS);
      return { ok: false, status: e.responseCode, response: e.response?.slice(0, EXCERPT_CHARS), error };
    } finally {
      clearTimeout(timer);
    }
  },
  describe: (c) => ({
    name: c.name,
    type: c.type,
    destination: c.to.join(', '),
    via: maskUrl(c.smtp),
    timeoutMs: c.timeoutMs,
    ratePerSecond: c.rate.perSecond,
  }),
  async close() {
    for (const t of transports.values()) t.close();
    transports.clear();
  },
};
