import 'server-only';
import { isIP, connect as openSocket } from 'node:net';
import { z } from 'zod';
import { instanceName, type TargetBase, timing, uniqueInstanceNames } from '@/lib/config/target-schema';
import { chosenInstance, kindOf } from '../kind';
import { ProbeFailure } from '../outcome';

/**
 * `tcp:<name>`: host:port addresses, each probed and judged on its own (like http instances).
 * Two probes: `connect` passes when the address accepts a connection (its latency is the
 * handshake, name lookup included); `free` passes when nothing listens there (the connection
 * is refused), for "port 6379 available" before a deployment. A timeout or an unreachable host
 * fails both: then nobody can tell whether the port is free.
 */

export interface TcpInstance {
  /** Shown in results and on the health page; defaults to host:port. */
  name: string;
  host: string;
  port: number;
}
export interface TcpTarget extends TargetBase {
  kind: 'tcp';
  instances: TcpInstance[];
}

const HOST_RE =
  /^(?=.{1,253}$)[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?(\.[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?)*$/;
const bare = (host: string) => host.replace(/^\[(.*)\]$/, '$1');
const validHost = (host: string) => HOST_RE.test(host) || isIP(bare(host)) !== 0;
const addressOf = (i: { host: string; port: number }) =>
  `${i.host.includes(':') ? `[${i.host}]` : i.host}:${i.port}`;

const host = z.string().refine(validHost, 'not a host name or IP address').transform(bare);
const port = z
  .union([z.number(), z.string().regex(/^\d+$/).transform(Number)])
  .pipe(z.number().int().min(1, 'a port from 1 to 65535').max(65535, 'a port from 1 to 65535'));
/** `host:port`, with an IPv6 host in brackets (`[::1]:6379`). */
const hostPort = z.string().transform((v, ctx) => {
  const m = /^(.+):(\d{1,5})$/.exec(v);
  const h = m?.[1] ?? '';
  const p = Number(m?.[2]);
  if (!m || !validHost(h) || (h.includes(':') && !h.startsWith('[')) || p < 1 || p > 65535) {
    ctx.addIssue({ code: 'custom', message: 'not a host:port address' });
    return z.NEVER;
  }
  return { host: bare(h), port: p };
});
const instanceSchema = z.union([hostPort, z.strictObject({ name: instanceName.optional(), host, port })]);

/** Opens a connection and closes it at once; resolves with the handshake's duration. */
function handshake(instance: TcpInstance, signal: AbortSignal): Promise<number> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const start = performance.now();
    const socket = openSocket({ host: instance.host, port: instance.port });
    const finish = (err?: unknown) => {
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      if (err === undefined) resolve(performance.now() - start);
      else reject(err);
    };
    const onAbort = () => finish(signal.reason);
    socket.once('connect', () => finish());
    socket.once('error', (err) => finish(err));
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

const addresses = (t: TcpTarget) => t.instances.map((i) => ({ name: i.name, address: addressOf(i) }));
const refused = (err: unknown) => (err as { code?: unknown })?.code === 'ECONNREFUSED';

const k = kindOf<TcpTarget, TcpInstance>();

export const tcp = k.define({
  kind: 'tcp',
  title: 'TCP',
  target: {
    schema: z
      .strictObject({
        host: host.optional(),
        port: port.optional(),
        instances: z.array(instanceSchema).min(1, 'needs at least one instance').optional(),
        ...timing,
      })
      .refine(
        (t) =>
          t.instances === undefined
            ? t.host !== undefined && t.port !== undefined
            : t.host === undefined && t.port === undefined,
        'needs either host and port, or instances',
      ),
    resolve(raw, base, at) {
      const listed = raw.instances ?? [{ host: raw.host!, port: raw.port! }];
      const instances = listed.map((i) => ({
        name: ('name' in i && i.name) || addressOf(i),
        host: i.host,
        port: i.port,
      }));
      uniqueInstanceNames(instances, at);
      return { ...base, kind: 'tcp', instances };
    },
    // host:port carries no credentials.
    urls: () => [],
    public: (t) => ({ instances: addresses(t) }),
    instances: addresses,
  },
  probes: {
    connect: k.probe({
      async run(instance, _args, ctx) {
        const latencyMs = await handshake(instance, ctx.signal);
        return { value: true, body: { address: addressOf(instance) }, latencyMs };
      },
    }),
    free: k.probe({
      async run(instance, _args, ctx) {
        const address = addressOf(instance);
        try {
          await handshake(instance, ctx.signal);
        } catch (err) {
          if (refused(err)) return { value: true, body: { address, listening: false } };
          throw err;
        }
        throw new ProbeFailure(`${address} accepts connections: the port is in use`);
      },
    }),
  },
  open: (target, ctx) => chosenInstance(target.instances, ctx),
  sample: (target, ctx) =>
    Promise.all(
      target.instances.map(async (instance) => ({
        result: await ctx.probe({ kind: 'tcp', op: 'connect' }, { instance: instance.name }),
        instance: instance.name,
      })),
    ),
  health: {
    probe: 'connect',
    degraded: { setting: 'tcpConnectDegraded', defaultMs: 100, label: 'TCP connect' },
  },
});
