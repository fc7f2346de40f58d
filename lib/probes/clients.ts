import { errorText, log } from '@/lib/log';

/**
 * Connections (and per-target probe state) reused between probes, keyed by environment and
 * target. An entry made for other settings (a reloaded config changed the URL or timeout) is
 * closed and replaced; `closeProbeClients` drops them all.
 */
interface Entry {
  fingerprint: string;
  value: unknown;
  close: () => Promise<void> | void;
}

const g = globalThis as unknown as { __liftoffProbeClients?: Map<string, Entry> };
const entries = (): Map<string, Entry> => {
  g.__liftoffProbeClients ??= new Map();
  return g.__liftoffProbeClients;
};

export interface Cached<T> {
  value: T;
  close: () => Promise<void> | void;
}

function closeQuietly(key: string, entry: Entry): Promise<void> {
  return Promise.resolve()
    .then(() => entry.close())
    .catch((err: unknown) =>
      log.debug('probe client close failed', {
        key,
        error: errorText(err),
      }),
    );
}

/** The cached value for `key`, created on first use or when `fingerprint` changed. */
export function cachedClient<T>(key: string, fingerprint: string, create: () => Cached<T>): T {
  const map = entries();
  const existing = map.get(key);
  if (existing && existing.fingerprint === fingerprint) return existing.value as T;
  if (existing) {
    map.delete(key);
    void closeQuietly(key, existing);
  }
  const made = create();
  map.set(key, { fingerprint, value: made.value, close: made.close });
  return made.value;
}

/** Forgets one entry (e.g. a client that ended for good), closing it. */
export async function dropClient(key: string): Promise<void> {
  const map = entries();
  const entry = map.get(key);
  if (!entry) return;
  map.delete(key);
  await closeQuietly(key, entry);
}

/** Closes every cached connection; call on config reload and at shutdown. */
export async function closeProbeClients(): Promise<void> {
  const map = entries();
  const all = [...map.entries()];
  map.clear();
  await Promise.all(all.map(([key, entry]) => closeQuietly(key, entry)));
}
