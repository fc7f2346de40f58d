import 'server-only';
import { sql } from 'drizzle-orm';
import type { Db } from '@/lib/db/client';
import { errorText, log } from '@/lib/log';
import type { Sample } from './types';

/**
 * One INSERT of many rows with ten parameters, one array per column: the statement text is the
 * same for every batch (node-postgres and PGlite both send arrays), where a VALUES list built by
 * drizzle grew ten parameters a row and cost most of the writer's CPU to build.
 */
function insertSamples(db: Db, rows: readonly Sample[]) {
  // sql.param: one parameter holding the array (a bare array would become a list of them).
  const column = <T>(pick: (r: Sample) => T) => sql.param(rows.map(pick));
  return db.execute(sql`
    INSERT INTO probe_samples (environment, target, kind, instance, ok, latency_ms, value, hit_rate, error, at)
    SELECT * FROM unnest(
      ${column((r) => r.environment)}::text[], ${column((r) => r.target)}::text[],
      ${column((r) => r.kind)}::text[], ${column((r) => r.instance)}::text[],
      ${column((r) => r.ok)}::boolean[], ${column((r) => r.latencyMs)}::float8[],
      ${column((r) => r.value)}::float8[], ${column((r) => r.hitRate)}::float8[],
      ${column((r) => r.error)}::text[], ${column((r) => r.at.toISOString())}::timestamptz[]
    )`);
}

/** Rows per INSERT; well under PostgreSQL's 65,535 parameters. */
const BATCH = 500;
/** Held while PostgreSQL is unreachable; the oldest go first past this. */
const MAX_BUFFERED = 20_000;
const RETRY_MS = 1_000;
/**
 * How long a row waits for others before its INSERT goes out. The scheduler spreads targets
 * over each second, so without a wait nearly every probe would be an INSERT of its own (40 a
 * second for 200 targets every 5 s); with it, one statement carries a quarter second of them.
 */
export const COALESCE_MS = 250;

/**
 * Writes samples in batches: rows arriving within COALESCE_MS, or while an INSERT runs, go
 * into one statement. An explicit flush() writes at once. While PostgreSQL is down the rows
 * wait (bounded) and are retried.
 */
export class SampleWriter {
  private buffer: Sample[] = [];
  private flushing: Promise<void> | null = null;
  private retry: NodeJS.Timeout | undefined;
  private pending: NodeJS.Timeout | undefined;
  private failing = false;
  private closed = false;
  /** Rows written and dropped, for tests and the bench. */
  readonly stats = { written: 0, dropped: 0 };

  constructor(
    private readonly db: Db,
    private readonly coalesceMs = COALESCE_MS,
  ) {}

  push(rows: readonly Sample[]): void {
    if (this.closed || rows.length === 0) return;
    this.buffer.push(...rows);
    if (this.buffer.length > MAX_BUFFERED) {
      const excess = this.buffer.length - MAX_BUFFERED;
      this.buffer.splice(0, excess);
      this.stats.dropped += excess;
    }
    if (this.failing || this.pending || this.flushing) return;
    this.pending = setTimeout(() => void this.flush(), this.coalesceMs);
    this.pending.unref();
  }

  /** Writes everything buffered; resolves when the buffer is empty or a write failed. */
  flush(): Promise<void> {
    clearTimeout(this.pending);
    this.pending = undefined;
    this.flushing ??= this.drain().finally(() => {
      this.flushing = null;
      // Rows pushed while the last INSERT was finishing.
      if (this.buffer.length && !this.failing && !this.closed) void this.flush();
    });
    return this.flushing;
  }

  private async drain(): Promise<void> {
    // Let rows from probes finishing in the same turn join this batch.
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (this.buffer.length > 0) {
      const batch = this.buffer.slice(0, BATCH);
      try {
        await insertSamples(this.db, batch);
      } catch (err) {
        if (!this.failing) {
          log.warn('monitor cannot write samples; keeping them in memory', {
            error: errorText(err),
          });
        }
        this.failing = true;
        this.scheduleRetry();
        return;
      }
      this.buffer.splice(0, batch.length);
      this.stats.written += batch.length;
      if (this.failing) log.info('monitor writes samples again');
      this.failing = false;
    }
  }

  private scheduleRetry(): void {
    if (this.retry || this.closed) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      void this.flush();
    }, RETRY_MS);
    this.retry.unref();
  }

  /** Final flush (best effort); later pushes are ignored. */
  async close(): Promise<void> {
    clearTimeout(this.retry);
    this.retry = undefined;
    clearTimeout(this.pending);
    this.pending = undefined;
    if (this.flushing) await this.flushing;
    if (!this.failing && this.buffer.length) await this.flush();
    this.closed = true;
    this.buffer = [];
  }
}
