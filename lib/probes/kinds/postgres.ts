import 'server-only';
import { z } from 'zod';
import { type ArgType, quotable, word } from '@/lib/checks/args';
import { checkReadOnlySql } from '@/lib/checks/sql';
import { quoteString, SyntaxFailure } from '@/lib/checks/tokenizer';
import { maskUrl, postgresUrl, type TargetBase, timing } from '@/lib/config/target-schema';
import { kindOf, type RunContext } from '../kind';
import { finite, type Measured, ProbeFailure, timed } from '../outcome';
import {
  cacheHitRatio,
  connections,
  firstCell,
  inSession,
  named,
  READ_ONLY_MESSAGE,
  readOnlyQuery,
  sessionFor,
} from '../postgres-query';
import type { PostgresSession, SqlQuery } from '../postgres-session';

/**
 * `postgres:<name>`: a PostgreSQL server (a small pool per target), or Liftoff's own embedded
 * store. Every probe runs in a READ ONLY transaction with a statement timeout, rolled back.
 */

export interface PostgresTarget extends TargetBase {
  kind: 'postgres';
  /** null: Liftoff's own embedded store (PGlite), reached through the app's db handle. */
  url: string | null;
}

export interface PostgresPanel {
  version: string | null;
  connections: { inUse: number; max: number; usage: number | null };
  sizeBytes: number | null;
  cacheHitRatio: number | null;
  extensions: { name: string; version: string }[];
  /** Liftoff's own embedded store (PGlite). */
  embedded: boolean;
  pingMs: number;
}

const k = kindOf<PostgresTarget, PostgresSession>();

/** `query "…"`: the SQL is always quoted. Whether it only reads is the policy's call (`checkReadOnlySql`). */
const quotedSql: ArgType<string> = {
  parse(sc) {
    if (sc.atEnd()) throw sc.missing('SQL after query', 'write it in double quotes: query "SELECT 1"');
    const ch = sc.peek();
    if (ch !== '"' && ch !== "'") {
      const word = sc.peekWord()?.text ?? '';
      throw new SyntaxFailure('the SQL must be quoted', sc.pos, word, 'write query "SELECT ..."');
    }
    const q = sc.quoted();
    if (q.value.trim() === '') throw new SyntaxFailure('empty SQL', q.start, q.text);
    return q.value;
  },
  format: quoteString,
};

const REPLICATION_LAG_SQL = `SELECT pg_is_in_recovery() AS standby,
  CASE WHEN pg_is_in_recovery()
    THEN (EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()) * 1000)::float8
    ELSE (SELECT (EXTRACT(EPOCH FROM max(replay_lag)) * 1000)::float8 FROM pg_stat_replication)
  END AS lag_ms,
  (SELECT count(*) FROM pg_stat_replication)::int AS standbys`;

const TABLE_RE = /^[A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z_][A-Za-z0-9_$]*)?$/;

/** A fixed read in the probe's read-only transaction. */
const within = (
  session: PostgresSession,
  ctx: RunContext<PostgresTarget>,
  fn: (q: SqlQuery) => Promise<Measured>,
) => inSession(session, ctx.timeoutMs, fn);

export const postgres = k.define({
  kind: 'postgres',
  title: 'PostgreSQL',
  target: {
    schema: z.strictObject({ url: postgresUrl, ...timing }),
    resolve: (raw, base) => ({ ...base, kind: 'postgres', url: raw.url }),
    urls: (t) => (t.url ? [t.url] : []),
    public: (t) => (t.url === null ? { embedded: true } : { address: maskUrl(t.url) }),
    // The embedded store is always Liftoff's own, whatever its name.
    ownStore: (t) => t.url === null,
  },
  probes: {
    ping: k.probe({
      self: true,
      run: (s, _a, ctx) =>
        within(s, ctx, async (q) => {
          const { latencyMs } = await timed(() => q('SELECT 1'));
          return { value: 'ok', latencyMs };
        }),
    }),
    version: k.probe({
      self: true,
      run: (s, _a, ctx) =>
        within(s, ctx, async (q) => {
          const { value: short, latencyMs } = await timed(() => q('SHOW server_version'));
          const full = await q('SELECT version() AS version');
          return { value: firstCell(short), body: { version: named(full, 'version') }, latencyMs };
        }),
    }),
    extension: k.probe({
      args: { extension: word('extension name', /^[A-Za-z0-9_-]+$/) },
      implied: [{ subject: { type: 'value' }, op: 'exists' }],
      self: true,
      run: (s, { extension }, ctx) =>
        within(s, ctx, async (q) => {
          const { value: installed, latencyMs } = await timed(() =>
            q('SELECT extversion FROM pg_extension WHERE extname = $1', [extension]),
          );
          const available = await q('SELECT default_version FROM pg_available_extensions WHERE name = $1', [
            extension,
          ]);
          const version = firstCell(installed);
          return {
            // The installed version reads as true for `installed` and compares as a version.
            value: version ?? false,
            body: {
              installed: version !== null,
              version,
              available: available.rows.length > 0,
              defaultVersion: firstCell(available),
            },
            latencyMs,
          };
        }),
    }),
    table: k.probe({
      args: { table: quotable('table name', { re: TABLE_RE }) },
      implied: [{ subject: { type: 'value' }, op: 'exists' }],
      self: true,
      run: (s, { table }, ctx) =>
        within(s, ctx, async (q) => {
          const { value: r, latencyMs } = await timed(() =>
            q('SELECT to_regclass($1) IS NOT NULL AS present', [table]),
          );
          return { value: named(r, 'present') === true, latencyMs };
        }),
    }),
    /** Read-only SQL; it still runs in a READ ONLY transaction with a statement timeout. */
    query: k.probe({
      args: { sql: quotedSql },
      policy({ sql }) {
        const verdict = checkReadOnlySql(sql);
        if (verdict.ok) return null;
        return {
          message: `query rejected: only read-only queries can run as checks (${verdict.reason})`,
          token: sql,
          quoted: true,
        };
      },
      async run(s, { sql }, ctx) {
        // The parser's screen with a precise reason; the READ ONLY transaction is the guarantee.
        const verdict = checkReadOnlySql(sql);
        if (!verdict.ok) throw new ProbeFailure(`${READ_ONLY_MESSAGE} (${verdict.reason})`);
        const { rows, latencyMs } = await readOnlyQuery(s, sql, ctx.timeoutMs);
        return {
          value: firstCell(rows),
          body: { rowCount: rows.rows.length, columns: rows.fields.map((f) => f.name) },
          latencyMs,
        };
      },
    }),
    connections: k.probe({
      self: true,
      run: (s, _a, ctx) =>
        within(s, ctx, async (q) => {
          const { value: c, latencyMs } = await timed(() => connections(q));
          return { value: c.inUse, body: c, latencyMs };
        }),
    }),
    size: k.probe({
      self: true,
      run: (s, _a, ctx) =>
        within(s, ctx, async (q) => {
          const { value: r, latencyMs } = await timed(() =>
            q('SELECT pg_database_size(current_database())::bigint AS bytes'),
          );
          return { value: named(r, 'bytes'), latencyMs };
        }),
    }),
    /**
     * In milliseconds: on a primary the slowest streaming standby's replay lag, on a standby the
     * time since the last transaction it replayed (which also grows while the primary is idle).
     */
    'replication-lag': k.probe({
      self: true,
      run: (s, _a, ctx) =>
        within(s, ctx, async (q) => {
          const { value: r, latencyMs } = await timed(() => q(REPLICATION_LAG_SQL));
          const standby = named(r, 'standby') === true;
          const lag = named(r, 'lag_ms');
          const body = { role: standby ? 'standby' : 'primary', standbys: named(r, 'standbys') };
          if (typeof lag === 'number') return { value: Math.round(lag * 1000) / 1000, body, latencyMs };
          // Standbys that caught up with an idle primary report no lag at all (NULL): none.
          if (!standby && Number(body.standbys) > 0) return { value: 0, body, latencyMs };
          const error = standby
            ? 'the standby has replayed no transaction yet'
            : 'no standby streams from this server';
          return { ok: false, value: null, body, latencyMs, error };
        }),
    }),
    'cache-hit-ratio': k.probe({
      self: true,
      run: (s, _a, ctx) =>
        within(s, ctx, async (q) => {
          const { value: c, latencyMs } = await timed(() => cacheHitRatio(q));
          return { value: c.ratio, body: c, latencyMs };
        }),
    }),
  },
  open: (target, ctx) => sessionFor(target, ctx.options),
  async sample(_target, ctx) {
    const pinged = await ctx.probe({ kind: 'postgres', op: 'ping' });
    if (!pinged.ok) return [{ result: pinged }];
    const ratio = await ctx.probe({ kind: 'postgres', op: 'cache-hit-ratio' });
    return [{ result: pinged, value: ratio.ok ? finite(ratio.value) : null }];
  },
  health: {
    probe: 'ping',
    degraded: { setting: 'postgresPingDegraded', defaultMs: 100, label: 'PostgreSQL' },
  },
  /** Everything the health page's PostgreSQL panel shows, in one read-only transaction. */
  async panel(session, ctx) {
    const panel = await inSession(session, ctx.timeoutMs, async (q): Promise<PostgresPanel> => {
      const ping = await timed(() => q('SELECT 1'));
      const version = await q('SHOW server_version');
      const size = await q('SELECT pg_database_size(current_database())::bigint AS bytes');
      const extensions = await q(
        'SELECT extname AS name, extversion AS version FROM pg_extension ORDER BY 1',
      );
      const sizeBytes = named(size, 'bytes');
      return {
        version: (firstCell(version) as string | null) ?? null,
        connections: await connections(q),
        sizeBytes: typeof sizeBytes === 'number' ? sizeBytes : null,
        cacheHitRatio: (await cacheHitRatio(q)).ratio,
        extensions: extensions.rows.map((r) => ({ name: String(r.name), version: String(r.version) })),
        embedded: ctx.target.url === null,
        pingMs: ping.latencyMs,
      };
    });
    return { panel, latencyMs: panel.pingMs };
  },
});
