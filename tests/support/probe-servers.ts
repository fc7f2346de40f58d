import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Real services for probe, health and scheduler tests: a redis-server on its own free port
 * (stoppable and restartable on the same port) and small HTTP instances serving health JSON
 * and a Prometheus exposition.
 */

export const REDIS_SERVER = process.env.REDIS_SERVER_BIN ?? '/usr/bin/redis-server';

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface RedisServer {
  port: number;
  /** redis://[:password@]127.0.0.1:port */
  url: string;
  password?: string;
  /** Stops the server (SIGKILL unless `graceful`); resolves once the process is gone. */
  stop(opts?: { graceful?: boolean }): Promise<void>;
  /** Starts it again on the same port and data folder. */
  start(): Promise<void>;
  /** Stops it for good and removes its data folder. */
  dispose(): Promise<void>;
  readonly running: boolean;
}

export interface RedisServerOptions {
  password?: string;
  maxmemory?: string;
  appendonly?: boolean;
  extraArgs?: string[];
}

function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * `redis-server --port P --save "" --appendonly yes --maxmemory 512mb --daemonize no`, spawned
 * by the test and killed by `stop` (and when the test process exits).
 */
export async function startRedisServer(opts: RedisServerOptions = {}): Promise<RedisServer> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'liftoff-redis-'));
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    opts.appendonly === false ? 'no' : 'yes',
    '--maxmemory',
    opts.maxmemory ?? '512mb',
    '--daemonize',
    'no',
    '--dir',
    dir,
    ...(opts.password ? ['--requirepass', opts.password] : []),
    ...(opts.extraArgs ?? []),
  ];
  let child: ChildProcess | undefined;
  const killOnExit = () => child?.kill('SIGKILL');
  process.once('exit', killOnExit);

  const start = () =>
    new Promise<void>((resolve, reject) => {
      const proc = spawn(REDIS_SERVER, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      child = proc;
      let output = '';
      const timer = setTimeout(() => {
        proc.kill('SIGKILL');
        reject(new Error(`redis-server did not start on port ${port}: ${output.slice(-500)}`));
      }, 10_000);
      proc.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      });
      proc.stderr?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      proc.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited with ${code}: ${output.slice(-500)}`));
      });
    });

  await start();
  const auth = opts.password ? `:${encodeURIComponent(opts.password)}@` : '';
  const stop = async ({ graceful = false } = {}) => {
    if (!child) return;
    const proc = child;
    proc.kill(graceful ? 'SIGTERM' : 'SIGKILL');
    await waitForExit(proc);
    child = undefined;
  };
  return {
    port,
    url: `redis://${auth}127.0.0.1:${port}`,
    ...(opts.password ? { password: opts.password } : {}),
    get running() {
      return child !== undefined && child.exitCode === null && child.signalCode === null;
    },
    stop,
    start,
    async dispose() {
      await stop();
      process.off('exit', killOnExit);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type Route = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export interface HttpInstanceServer {
  name: string;
  port: number;
  /** http://127.0.0.1:port */
  url: string;
  /** Counters behind /metrics; tests move them between scrapes. */
  metrics: { hits: number; misses: number; requests: number };
  /** Requests seen, by path. */
  seen: string[];
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
}

/**
 * A service instance: `GET /api/v1/health` answers JSON like Liftoff's own, `GET /metrics` a
 * Prometheus exposition with cache hit/miss counters; `routes` add or replace paths.
 */
export async function startHttpInstance(
  name: string,
  routes: Record<string, Route> = {},
): Promise<HttpInstanceServer> {
  const metrics = { hits: 0, misses: 0, requests: 0 };
  const seen: string[] = [];
  const defaults: Record<string, Route> = {
    '/api/v1/health': (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'set-cookie': 'sid=secret' });
      res.end(
        JSON.stringify({
          status: 'ok',
          instance: name,
          dependencies: {
            redis: { status: 'ok', latencyMs: 0.4 },
            postgres: { status: 'ok', latencyMs: 1.2 },
          },
        }),
      );
    },
    '/metrics': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end(
        [
          '# HELP cache_hits_total Cache hits.',
          '# TYPE cache_hits_total counter',
          `cache_hits_total{cache="sessions",instance="${name}"} ${metrics.hits}`,
          `cache_hits_total{cache="templates",instance="${name}"} 0`,
          '# TYPE cache_misses_total counter',
          `cache_misses_total{cache="sessions",instance="${name}"} ${metrics.misses}`,
          '# TYPE http_requests_total counter',
          `http_requests_total{code="200"} ${metrics.requests}`,
          '# TYPE request_duration_seconds histogram',
          'request_duration_seconds_bucket{le="0.005"} 3',
          'request_duration_seconds_bucket{le="+Inf"} 5',
          'request_duration_seconds_sum 0.042',
          'request_duration_seconds_count 5',
          '',
        ].join('\n'),
      );
    },
  };
  const table = { ...defaults, ...routes };
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    seen.push(pathname);
    metrics.requests++;
    const route = table[pathname];
    if (route) return route(req, res);
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: 'not found' }));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        port = (server.address() as net.AddressInfo).port;
        resolve();
      });
    });
  await listen();
  return {
    name,
    get port() {
      return port;
    },
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    metrics,
    seen,
    stop: () =>
      new Promise<void>((resolve) => {
        if (!server.listening) return resolve();
        // Kept-alive sockets would otherwise keep answering after "stop".
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
    start: listen,
  };
}

/** A throwaway self-signed certificate for `localhost`/127.0.0.1, valid for `days`. */
export function selfSignedCertificate(days = 30): { key: string; cert: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'liftoff-cert-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        String(days),
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost,IP:127.0.0.1',
        '-keyout',
        path.join(dir, 'key.pem'),
        '-out',
        path.join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    return {
      key: readFileSync(path.join(dir, 'key.pem'), 'utf8'),
      cert: readFileSync(path.join(dir, 'cert.pem'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** An HTTPS server answering 200 JSON on every path, with a self-signed certificate. */
export async function startHttpsServer(
  days = 30,
): Promise<{ url: string; port: number; stop(): Promise<void> }> {
  const server = https.createServer(selfSignedCertificate(days), (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"status":"ok"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
