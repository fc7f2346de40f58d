import type { ProbeResult } from '@/lib/checks/result';

/** A health-page panel: the figures, or why they could not be read. */
export type PanelResult<T> =
  | { ok: true; at: string; latencyMs: number; panel: T }
  | { ok: false; at: string; latencyMs: number; error: string };

/** Panels run through the probe envelope (deadline, scrubbing) with the figures as the value. */
export function toPanel<T>(r: ProbeResult): PanelResult<T> {
  return r.ok
    ? { ok: true, at: r.at, latencyMs: r.latencyMs, panel: r.value as T }
    : { ok: false, at: r.at, latencyMs: r.latencyMs, error: r.error ?? 'unavailable' };
}
