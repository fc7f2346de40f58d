import type { TargetKind } from '@/lib/config/targets';

/** One row of `probe_samples` as the scheduler produces it. */
export interface Sample {
  environment: string;
  /** `kind:name`. */
  target: string;
  kind: TargetKind;
  /** The http instance's name; '' for single-address targets. */
  instance: string;
  ok: boolean;
  latencyMs: number;
  /** Kind-specific figure: postgres cache hit ratio, http status, prometheus sample count. */
  value: number | null;
  /** Redis keyspace hit rate since the previous sample. */
  hitRate: number | null;
  error: string | null;
  at: Date;
}

/** How long history is kept; pruning deletes anything older. */
export const RAW_RETENTION_MS = 24 * 3_600_000;
export const ROLLUP_RETENTION_MS = 30 * 24 * 3_600_000;

/** Errors are shown in lists and reasons: one line, bounded. */
export const ERROR_MAX_LENGTH = 300;

export function shortError(error: string | undefined | null): string | null {
  if (!error) return null;
  const line = error.replace(/\s+/g, ' ').trim();
  return line.length > ERROR_MAX_LENGTH ? `${line.slice(0, ERROR_MAX_LENGTH - 1)}…` : line;
}
