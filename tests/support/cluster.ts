import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createApiKey } from '@/lib/auth/apikeys';
import { createUser } from '@/lib/auth/users';
import type { Db } from '@/lib/db/client';
import { parseUpload } from '@/lib/templates/parse-upload';
import { importTemplate } from '@/lib/templates/store';
import { freePort } from './probe-servers';

/**
 * Real Liftoff instances for multi-instance tests and benchmarks: the production build served
 * the way `npm start` serves it (scripts/serve.mjs), each its own process, sharing the
 * PostgreSQL and Redis they are given.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const NEXT = path.join(ROOT, 'node_modules/next/dist/bin/next');
const SERVE = path.join(ROOT, 'scripts/serve.mjs');

const sleepSync = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Builds once when this checkout has no production build yet. Test files run in parallel
 * workers: the first takes a lock directory and builds, the others wait for its BUILD_ID.
 */
export function ensureBuild() {
  const buildId = path.join(ROOT, '.next/BUILD_ID');
  const lock = path.join(ROOT, '.next-build.lock');
  const deadline = Date.now() + 15 * 60_000;
  while (!fs.existsSync(buildId)) {
    try {
      fs.mkdirSync(lock);
    } catch {
      if (Date.now() > deadline) throw new Error('timed out waiting for another worker to build');
      sleepSync(500);
      continue;
    }
    try {
      if (fs.existsSync(buildId)) return;
      const run = spawnSync(process.execPath, [NEXT, 'build'], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
      });
      if (run.status !== 0) throw new Error(`next build failed:\n${run.stdout}\n${run.stderr}`);
    } finally {
      fs.rmSync(lock, { recursive: true, force: true });
    }
  }
}

export interface Instance {
  url: string;
  pid: number;
  stop(): Promise<void>;
  /** SIGKILL: a crash, with no chance to hand anything back. */
  kill(): Promise<void>;
}

export async function startInstance(
  env: { DATABASE_URL: string; REDIS_URL?: string } & Record<string, string>,
  /** Flags for node itself (benchmarks: `--cpu-prof`, which NODE_OPTIONS does not allow). */
  nodeArgs: string[] = [],
): Promise<Instance> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, SERVE, String(port), '127.0.0.1'], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...env,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      LIFTOFF_LOG_LEVEL: 'error',
      PORT: String(port),
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`instance exited: ${stderr}`);
    const ok = await fetch(`${url}/api/v1/health`).then(
      (r) => r.status < 600,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`instance did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const exited = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
    });
  return {
    url,
    pid: child.pid!,
    kill: () => {
      child.kill('SIGKILL');
      return exited();
    },
    stop: () => stopChild(child),
  };
}

/** SIGTERM, then SIGKILL after 3 s; resolves once the process has exited. */
export function stopChild(child: ChildProcess): Promise<void> {
  return new Promise<void>((resolve) => {
    // A child killed by a signal has no exit code, only a signal code: it has exited all the same.
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    // Open event streams can hold a graceful shutdown; a test instance need not wait for them.
    setTimeout(() => child.kill('SIGKILL'), 3_000).unref();
  });
}

const CHECKLIST = (items: number) =>
  `# Cluster drill\n\n## Steps\n${Array.from({ length: items }, (_, i) => `- [ ] Step ${i + 1}`).join('\n')}\n`;

/** An engineer with an API key and a template of `items` steps, straight into the store. */
export async function seedCluster(db: Db, items = 10) {
  const user = await createUser(db, {
    email: `eng-${Date.now()}@example.io`,
    name: 'Cluster Engineer',
    password: 'cluster-password-1',
    roles: ['engineer'],
  });
  const { key } = await createApiKey(db, user.id, 'cluster');
  const { source, model } = parseUpload(CHECKLIST(items));
  const { template } = await importTemplate(db, {
    name: `Cluster drill ${Date.now()}`,
    source,
    model,
    actorId: user.id,
  });
  return { key, templateId: template.id, user };
}

export function client(base: string, key: string) {
  const call = async (method: string, p: string, body?: unknown, extra: Record<string, string> = {}) => {
    const res = await fetch(`${base}${p}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...extra,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json().catch(() => null)) as Record<string, unknown> };
  };
  return {
    get: (p: string) => call('GET', p),
    post: (p: string, body: unknown) => call('POST', p, body),
    patch: (p: string, body: unknown, headers?: Record<string, string>) => call('PATCH', p, body, headers),
  };
}

export interface SseEvent {
  id: number | null;
  type: string;
  data: unknown;
  receivedAt: number;
}

/** Reads a run's event stream with fetch (as EventSource would), collecting events until closed. */
export function openEvents(base: string, key: string, runId: string, lastEventId?: number) {
  const events: SseEvent[] = [];
  const controller = new AbortController();
  const listeners = new Set<() => void>();
  const ready = (async () => {
    const res = await fetch(`${base}/api/v1/runs/${runId}/events`, {
      headers: {
        authorization: `Bearer ${key}`,
        ...(lastEventId === undefined ? {} : { 'last-event-id': String(lastEventId) }),
      },
      signal: controller.signal,
    });
    if (!res.ok || !res.body) throw new Error(`events: HTTP ${res.status}`);
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    void (async () => {
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          buffer += decoder.decode(value, { stream: true });
          let cut = buffer.indexOf('\n\n');
          while (cut >= 0) {
            const block = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            const fields = Object.fromEntries(
              block
                .split('\n')
                .filter((l) => l && !l.startsWith(':'))
                .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trimStart()]),
            );
            if (fields.data !== undefined) {
              events.push({
                id: fields.id ? Number(fields.id) : null,
                type: fields.event ?? 'message',
                data: JSON.parse(fields.data),
                receivedAt: performance.now(),
              });
              for (const l of listeners) l();
            }
            cut = buffer.indexOf('\n\n');
          }
        }
      } catch {
        // aborted
      }
    })();
  })();
  const waitFor = (pred: (events: SseEvent[]) => boolean, timeoutMs = 5_000) =>
    new Promise<void>((resolve, reject) => {
      if (pred(events)) return resolve();
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(new Error(`timed out waiting for events; have ${events.length}`));
      }, timeoutMs);
      const check = () => {
        if (pred(events)) {
          clearTimeout(timer);
          listeners.delete(check);
          resolve();
        }
      };
      listeners.add(check);
    });
  return { events, ready, waitFor, close: () => controller.abort() };
}
