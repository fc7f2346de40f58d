import { NextRequest } from 'next/server';
import { createApiKey } from '@/lib/auth/apikeys';
import { PEER_HEADER } from '@/lib/auth/client-address';
import type { Role } from '@/lib/auth/roles';
import { createSession, SESSION_COOKIE } from '@/lib/auth/sessions';
import { createUser } from '@/lib/auth/users';
import { type Env, parseEnv } from '@/lib/config/env';
import type { Database } from '@/lib/db/client';
import { freshPglite } from '../support/db';

/**
 * Liftoff's route handlers on a fresh embedded store, called as the server calls them, with
 * the actors of an attack: a stranger (nothing), a viewer, a hostile engineer and an admin,
 * each with a session cookie and an API key.
 */

const g = globalThis as unknown as {
  __liftoffDb?: Promise<Database>;
  __liftoffEnv?: Env;
  __liftoffPeerHeader?: boolean;
};

export const ORIGIN = 'http://liftoff.test';
export const PASSWORD = 'correct horse battery staple';

export interface Actor {
  email: string;
  userId: string;
  cookie: string;
  key: string;
}

export interface App {
  store: Database;
  viewer: Actor;
  engineer: Actor;
  admin: Actor;
  close(): Promise<void>;
}

let seq = 0;

/** A fresh store made the process's store, and the process environment with `env` on top. */
export async function startApp(env: Record<string, string> = {}): Promise<App> {
  const store = await freshPglite();
  g.__liftoffDb = Promise.resolve(store);
  g.__liftoffEnv = parseEnv({ ...process.env, REDIS_URL: '', ...env });
  // As under scripts/serve.mjs: the peer header is the server's, not the client's.
  g.__liftoffPeerHeader = true;
  const actor = async (role: Role): Promise<Actor> => {
    const email = `${role}-${++seq}-${Date.now()}@example.io`;
    const user = await createUser(store.db, { email, name: role, password: PASSWORD, roles: [role] });
    const { token } = await createSession({ db: store.db, redis: null }, user.id, 1);
    const { key } = await createApiKey(store.db, user.id, `${role} key`);
    return { email, userId: user.id, cookie: token, key };
  };
  const [viewer, engineer, admin] = await Promise.all([actor('viewer'), actor('engineer'), actor('admin')]);
  return {
    store,
    viewer,
    engineer,
    admin,
    async close() {
      g.__liftoffDb = undefined;
      g.__liftoffEnv = undefined;
      g.__liftoffPeerHeader = undefined;
      await store.close();
    },
  };
}

type Handler<P> = (req: NextRequest, segment: { params: Promise<P> }) => Promise<Response>;

export interface CallOptions<P> {
  method?: string;
  /** Who: a session cookie, an API key, or nobody. */
  as?: { cookie?: string; key?: string } | null;
  headers?: Record<string, string>;
  /** JSON-encoded unless a string or a stream. */
  body?: unknown;
  params?: P;
  /** The TCP peer the server saw. */
  peer?: string;
  signal?: AbortSignal;
}

/** Calls a route handler like the server does, from a browser page on Liftoff's own origin unless told otherwise. */
export function call<P = Record<string, never>>(
  handler: Handler<P>,
  path: string,
  opts: CallOptions<P> = {},
): Promise<Response> {
  const headers: Record<string, string> = {
    host: new URL(ORIGIN).host,
    [PEER_HEADER]: opts.peer ?? '10.0.0.1',
  };
  if (opts.as?.cookie) headers.cookie = `${SESSION_COOKIE}=${opts.as.cookie}`;
  if (opts.as?.key) headers.authorization = `Bearer ${opts.as.key}`;
  let body: BodyInit | undefined;
  if (opts.body instanceof ReadableStream || typeof opts.body === 'string') body = opts.body as BodyInit;
  else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['content-type'] = 'application/json';
  }
  Object.assign(headers, opts.headers);
  const method = opts.method ?? (body === undefined ? 'GET' : 'POST');
  const init = { method, headers, body, signal: opts.signal, duplex: 'half' } as RequestInit;
  return handler(new NextRequest(`${ORIGIN}${path}`, init as never), {
    params: Promise.resolve((opts.params ?? {}) as P),
  });
}

export async function errorOf(res: Response): Promise<{ status: number; code: string; message: string }> {
  const body = (await res.json()) as { error: { code: string; message: string } };
  return { status: res.status, ...body.error };
}
