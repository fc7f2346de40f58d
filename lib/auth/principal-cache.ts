/**
 * Verified credentials (API keys, sessions) remembered in this process for a few seconds,
 * keyed by the credential's SHA-256, so a busy client does not cost a PostgreSQL or Redis
 * round trip on every request. Revocation still takes effect at once everywhere: every
 * invalidation (key revoked, session revoked, user disabled or re-roled, user changed) clears
 * this process's entries and is published on Redis, which clears every other instance's.
 *
 * The cache is used only while that is guaranteed: with Redis, while this process's
 * invalidation subscriber is connected (it is cleared when it connects again, since messages
 * may have been missed meanwhile); without Redis, only on a single-process store (PGlite),
 * where every invalidation happens in this process. Off by default (tests, the CLI):
 * start-up turns it on.
 */
import type { Redis } from 'ioredis';
import type { Principal } from './principal';

const CHANNEL = 'liftoff:auth:invalidate';
/** Upper bound on how long a credential may outlive an invalidation that got lost anyway. */
const TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

interface Entry {
  principal: Principal;
  until: number;
}

interface State {
  entries: Map<string, Entry>;
  /** Bumped by every invalidation: a lookup that started before one must not fill the cache. */
  generation: number;
  usable: () => boolean;
  publisher: Redis | null;
  subscriber: Redis | null;
}

// On globalThis: Next.js may load this module once per route bundle; all must share one cache.
const g = globalThis as unknown as { __liftoffPrincipalCache?: State };
g.__liftoffPrincipalCache ??= {
  entries: new Map(),
  generation: 0,
  usable: () => false,
  publisher: null,
  subscriber: null,
};
const state: State = g.__liftoffPrincipalCache;

function clear() {
  state.entries.clear();
  state.generation++;
}

/**
 * Start-up: turns the cache on. `redis` is the process's client (null without Redis);
 * `singleProcess` says the store cannot be shared with another process (PGlite).
 */
export function enablePrincipalCache(redis: Redis | null, singleProcess: boolean): void {
  if (state.subscriber || state.publisher) return;
  if (!redis) {
    state.usable = () => singleProcess;
    return;
  }
  const sub = redis.duplicate({ enableOfflineQueue: true, connectionName: 'liftoff-auth' });
  sub.on('error', () => {}); // the main client already logs outages
  sub.on('message', clear);
  // Connected again: invalidations may have been published while we were away.
  sub.on('ready', clear);
  sub.on('close', clear);
  sub.subscribe(CHANNEL).catch(() => {});
  state.subscriber = sub;
  state.publisher = redis;
  state.usable = () => sub.status === 'ready';
}

/** Stops using the cache and closes its subscriber (tests). */
export function disablePrincipalCache(): void {
  state.subscriber?.disconnect();
  state.subscriber = null;
  state.publisher = null;
  state.usable = () => false;
  clear();
}

/** The principal remembered for this credential hash, if any and still fresh. */
export function cachedPrincipal(hash: string): Principal | undefined {
  if (!state.usable()) return undefined;
  const entry = state.entries.get(hash);
  if (!entry) return undefined;
  if (entry.until > Date.now()) return { ...entry.principal, roles: [...entry.principal.roles] };
  state.entries.delete(hash);
  return undefined;
}

/** Take before reading the store; pass to `rememberPrincipal`. */
export const cacheGeneration = () => state.generation;

/** Remembers a principal just read from the store, unless an invalidation happened meanwhile. */
export function rememberPrincipal(
  hash: string,
  principal: Principal,
  generation: number,
  expiresAt?: number,
) {
  if (generation !== state.generation || !state.usable()) return;
  if (state.entries.size >= MAX_ENTRIES) state.entries.delete(state.entries.keys().next().value!);
  const until = Math.min(Date.now() + TTL_MS, expiresAt ?? Number.POSITIVE_INFINITY);
  state.entries.set(hash, { principal: { ...principal, roles: [...principal.roles] }, until });
}

/**
 * Forgets every remembered credential here and, through Redis, in every instance. `redis` is
 * the caller's client (the CLI has its own); else the one start-up gave. Never throws.
 */
export async function invalidatePrincipals(redis?: Redis | null): Promise<void> {
  clear();
  const r = redis ?? state.publisher;
  if (r?.status !== 'ready') return;
  await r.publish(CHANNEL, '*').catch(() => {});
}
