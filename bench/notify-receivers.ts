/**
 * The receivers of `bench/notify`, in a process of their own so the dispatcher's CPU can be
 * measured alone: a webhook endpoint, a Slack-format endpoint, an SMTP server and one that never
 * answers. Each records the delivery id and the arrival time (epoch ms, sub-millisecond).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

const at = () => performance.timeOrigin + performance.now();
const records: { channel: string; delivery: string; at: number }[] = [];

function httpReceiver(channel: string, hang = false): Promise<string> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (hang) return;
      records.push({ channel, delivery: String(req.headers['x-liftoff-delivery']), at: at() });
      res.end('ok');
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/in`),
    ),
  );
}

function smtpReceiver(): Promise<string> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      let head = '';
      stream.on('data', (chunk: Buffer) => {
        if (head.length < 8192) head += chunk.toString('latin1');
      });
      stream.on('end', () => {
        const delivery = /^X-Liftoff-Delivery:\s*(\S+)/im.exec(head)?.[1] ?? '';
        records.push({ channel: 'mail', delivery, at: at() });
        callback();
      });
    },
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`),
    ),
  );
}

const [hook, slack, mail, dead] = await Promise.all([
  httpReceiver('hook'),
  httpReceiver('slack'),
  smtpReceiver(),
  httpReceiver('dead', true),
]);
process.send?.({ type: 'ready', urls: { hook, slack, mail, dead } });
process.on('message', (m: { type: string }) => {
  if (m.type === 'dump') process.send?.({ type: 'records', records: records.splice(0) });
  if (m.type === 'exit') process.exit(0);
});
