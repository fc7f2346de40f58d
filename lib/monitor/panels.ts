import 'server-only';
import type { Target } from '@/lib/config/targets';
import { type PanelResult, type ProbeOptions, readPanel } from '@/lib/probes';
import type { PanelFigures, PanelKind, TargetOf } from '@/lib/probes/registry';

/**
 * The health page's live panels (Redis, PostgreSQL: the kinds that declare one), cached for a
 * few seconds per target: every open health page polls, and one PING + INFO per five seconds
 * is enough for all of them.
 */

export const PANEL_TTL_MS = 5_000;
/** A panel never holds the overview longer than this, whatever the target's timeout. */
const PANEL_TIMEOUT_MS = 1_500;

export type TargetPanel<T> = PanelResult<T> & { target: string };

interface Entry {
  target: object;
  at: number;
  value: Promise<TargetPanel<unknown>>;
}

const g = globalThis as unknown as { __liftoffPanels?: Map<string, Entry> };
const cache = (): Map<string, Entry> => {
  g.__liftoffPanels ??= new Map();
  return g.__liftoffPanels;
};

function cached<T>(target: Target, load: () => Promise<PanelResult<T>>): Promise<TargetPanel<T>> {
  const key = `${target.environment}/${target.key}`;
  const map = cache();
  const hit = map.get(key);
  // A reloaded configuration makes new target objects: their panels are read afresh.
  if (hit && hit.target === target && Date.now() - hit.at < PANEL_TTL_MS) {
    return hit.value as Promise<TargetPanel<T>>;
  }
  const value = load().then((p) => ({ ...p, target: target.key }));
  map.set(key, { target, at: Date.now(), value });
  return value;
}

const options = (timeoutMs: number, opts: ProbeOptions): ProbeOptions => ({
  ...opts,
  timeoutMs: Math.min(timeoutMs, PANEL_TIMEOUT_MS),
});

export function cachedPanel<K extends PanelKind>(
  target: TargetOf<K>,
  opts: ProbeOptions = {},
): Promise<TargetPanel<PanelFigures<K>>> {
  const t = target as Target;
  return cached(t, () => readPanel<K>(target, options(t.timeoutMs, opts)));
}

/** Forgets every cached panel (tests; config reloads replace targets anyway). */
export function clearPanelCache(): void {
  cache().clear();
}
