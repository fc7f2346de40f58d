import 'server-only';
import { setTimeout as delay } from 'node:timers/promises';
import { z } from 'zod';
import { count, quotable, window, word } from '@/lib/checks/args';
import type { PolicyViolation } from '@/lib/checks/ast';
import { maskUrl, redisUrl, type TargetBase, timing } from '@/lib/config/target-schema';
import { kindOf } from '../kind';
import { finite, percentiles } from '../outcome';
import {
  connection,
  info,
  lost,
  ping,
  type RedisConnection,
  ready,
  roundTrip,
  sampleHitRate,
  scanCount,
} from '../redis-connection';
import { type HitRateSample, infoNumber, keyspaceKeys, lookupInfoField, type RedisInfo } from '../redis-info';

/** `redis:<name>`: a Redis server, probed over one long-lived connection per target. */

export interface RedisTarget extends TargetBase {
  kind: 'redis';
  url: string;
}

export interface RedisPanel {
  version: string | null;
  role: string | null;
  uptimeSeconds: number | null;
  usedMemoryBytes: number | null;
  /** 0 means no limit, as Redis reports it. */
  maxMemoryBytes: number | null;
  maxMemoryPolicy: string | null;
  evictedKeys: number | null;
  connectedClients: number | null;
  opsPerSec: number | null;
  aofEnabled: boolean | null;
  keys: number;
  /** Since this panel's previous sample (the first covers the server's lifetime). */
  hitRate: HitRateSample | null;
  pingMs: number;
}

/** The monitor's own hit-rate window (see ProbeOptions.hitRateConsumer). */
export const MONITOR_HIT_RATE_CONSUMER = 'monitor';
/** Redis settings that hold credentials (CONFIG GET takes no pattern here: the syntax refuses globs). */
const SECRET_PARAM_RE = /pass|secret|auth|masteruser|acl|tls-key|key-file|cert-file/i;
/** Liftoff's own keys in its Redis (sessions, rate limits, locks): not for checks to look up. */
const OWN_KEY_PREFIX = 'liftoff:';

const k = kindOf<RedisTarget, RedisConnection>();

const NO_KEYSPACE_STATS = 'INFO has no keyspace_hits/keyspace_misses';

function hitsAndMisses(parsed: RedisInfo): { hits: number; misses: number } | null {
  const hits = infoNumber(parsed, 'keyspace_hits');
  const misses = infoNumber(parsed, 'keyspace_misses');
  return hits === null || misses === null ? null : { hits, misses };
}

/** No lookups, no rate: a check cannot pass on a cache nobody used. */
function hitRateResult(hits: number, misses: number, windowMs: number | null, latencyMs: number) {
  const body = { hits, misses, windowMs };
  const lookups = hits + misses;
  if (lookups === 0)
    return {
      ok: false,
      value: null,
      body,
      latencyMs,
      error: windowMs ? 'no key lookups in the window' : 'no key lookups yet',
    };
  return { value: hits / lookups, body, latencyMs };
}

/** On `self`, a key probe may not look at Liftoff's own keys. */
function notOwnKey({ key }: { key: string }, target: string): PolicyViolation | null {
  if (!key.toLowerCase().startsWith(OWN_KEY_PREFIX)) return null;
  return {
    message: `${target}: keys under "${OWN_KEY_PREFIX}" are Liftoff's own and cannot be looked up`,
    token: key,
  };
}

const keyProbe = (read: (conn: RedisConnection, key: string) => Promise<number>) =>
  k.probe({
    args: { key: quotable('key') },
    self: true,
    onSelf: notOwnKey,
    run: (conn, { key }) => roundTrip(conn, () => read(conn, key)),
  });

const text = (parsed: RedisInfo, field: string): string | null => {
  const v = lookupInfoField(parsed, field)?.value;
  return v === undefined ? null : String(v);
};

export const redis = k.define({
  kind: 'redis',
  title: 'Redis',
  target: {
    schema: z.strictObject({ url: redisUrl, ...timing }),
    resolve: (raw, base) => ({ ...base, kind: 'redis', url: raw.url }),
    urls: (t) => [t.url],
    public: (t) => ({ address: maskUrl(t.url) }),
  },
  probes: {
    ping: k.probe({ self: true, run: (conn) => ping(conn) }),
    info: k.probe({
      args: { field: word('INFO field', /^[A-Za-z0-9_]+$/) },
      self: true,
      async run(conn, { field }) {
        const { info: parsed, latencyMs } = await info(conn);
        const found = lookupInfoField(parsed, field);
        if (!found) return { ok: false, value: null, latencyMs, error: `INFO has no field "${field}"` };
        return found.details
          ? { value: found.value, body: found.details, latencyMs }
          : { value: found.value, latencyMs };
      },
    }),
    config: k.probe({
      args: { param: word('config parameter', /^[A-Za-z0-9_.-]+$/, { lower: true }) },
      self: true,
      policy: ({ param }) =>
        SECRET_PARAM_RE.test(param)
          ? {
              message: `config parameter "${param}" holds a credential and cannot be read by a check`,
              token: param,
            }
          : null,
      async run(conn, { param }) {
        const { value: reply, latencyMs } = await roundTrip(
          conn,
          () => conn.client.call('CONFIG', 'GET', param) as Promise<string[]>,
        );
        const index = reply.findIndex((v, i) => i % 2 === 0 && v.toLowerCase() === param.toLowerCase());
        if (index === -1)
          return { ok: false, value: null, latencyMs, error: `unknown config parameter "${param}"` };
        const raw = reply[index + 1] ?? '';
        return { value: /^-?(0|[1-9]\d*)$/.test(raw) ? Number(raw) : raw, latencyMs };
      },
    }),
    dbsize: k.probe({ self: true, run: (conn) => roundTrip(conn, () => conn.client.dbsize()) }),
    'scan-count': k.probe({
      args: { pattern: quotable('key pattern', { always: true }) },
      self: true,
      run: (conn, { pattern }, ctx) => scanCount(conn.client, pattern, ctx.signal),
    }),
    hlen: keyProbe((conn, key) => conn.client.hlen(key)),
    scard: keyProbe((conn, key) => conn.client.scard(key)),
    llen: keyProbe((conn, key) => conn.client.llen(key)),
    exists: k.probe({
      args: { key: quotable('key') },
      implied: [{ subject: { type: 'value' }, op: 'exists' }],
      self: true,
      onSelf: notOwnKey,
      async run(conn, { key }) {
        const { value, latencyMs } = await roundTrip(conn, () => conn.client.exists(key));
        return { value: value > 0, latencyMs };
      },
    }),
    hitrate: k.probe({
      self: true,
      async run(conn, _args, ctx) {
        const { info: parsed, latencyMs } = await info(conn, 'stats');
        const sample = sampleHitRate(conn, parsed, ctx.options.hitRateConsumer ?? 'probe');
        if (!sample)
          return { ok: false, value: null, latencyMs, error: 'INFO has no keyspace_hits/keyspace_misses' };
        return { value: sample.hitRate, body: sample, latencyMs };
      },
    }),
    /**
     * keyspace hits / (hits + misses): over the server's lifetime, or with a window (`hit-rate 30s`)
     * between two INFO samples that far apart. The window must fit in the target's timeout.
     */
    'hit-rate': k.probe({
      args: { windowMs: window('hit-rate window', 100, 60_000) },
      self: true,
      async run(conn, { windowMs }, ctx) {
        const first = await info(conn, 'stats');
        const a = hitsAndMisses(first.info);
        if (!a) return { ok: false, value: null, latencyMs: first.latencyMs, error: NO_KEYSPACE_STATS };
        if (windowMs === 0) return hitRateResult(a.hits, a.misses, null, first.latencyMs);
        if (windowMs >= ctx.timeoutMs)
          return {
            ok: false,
            value: null,
            latencyMs: first.latencyMs,
            error: `the ${windowMs} ms window does not fit in the target's ${ctx.timeoutMs} ms timeout: raise its timeout`,
          };
        await delay(windowMs, undefined, { signal: ctx.signal });
        const second = await info(conn, 'stats');
        const b = hitsAndMisses(second.info);
        if (!b) return { ok: false, value: null, latencyMs: second.latencyMs, error: NO_KEYSPACE_STATS };
        if (b.hits < a.hits || b.misses < a.misses)
          return {
            ok: false,
            value: null,
            latencyMs: second.latencyMs,
            error: 'the counters were reset in the window (restart or CONFIG RESETSTAT)',
          };
        return hitRateResult(b.hits - a.hits, b.misses - a.misses, windowMs, second.latencyMs);
      },
    }),
    /** Used memory over `maxmemory` (0-1), or over the machine's memory when there is no limit. */
    memory: k.probe({
      self: true,
      async run(conn) {
        const { info: parsed, latencyMs } = await info(conn, 'memory');
        const used = infoNumber(parsed, 'used_memory');
        const max = infoNumber(parsed, 'maxmemory');
        const system = infoNumber(parsed, 'total_system_memory');
        const [limit, limitBytes] = max ? ['maxmemory', max] : system ? ['system', system] : [null, null];
        if (used === null || limitBytes === null)
          return { ok: false, value: null, latencyMs, error: 'INFO has no used_memory and limit to compare' };
        return {
          value: used / limitBytes,
          body: { usedBytes: used, limitBytes, limit },
          latencyMs,
        };
      },
    }),
    /** `samples` PINGs back to back: `[VALUE]` is the p99, `[LATENCY]` the p50, the rest in the body. */
    latency: k.probe({
      args: { samples: count('sample count', 20, 1_000) },
      self: true,
      async run(conn, { samples }, ctx) {
        const times: number[] = [];
        while (times.length < samples && !ctx.signal.aborted) {
          times.push((await roundTrip(conn, () => conn.client.ping())).latencyMs);
        }
        const figures = percentiles(times);
        return { value: figures.p99Ms, body: figures, latencyMs: figures.p50Ms };
      },
    }),
  },
  async open(target, ctx) {
    const conn = connection(target);
    await ready(conn.client, ctx.signal);
    return conn;
  },
  failure: (conn, err) => lost(conn.client, err),
  async sample(_target, ctx) {
    const pinged = await ctx.probe({ kind: 'redis', op: 'ping' });
    if (!pinged.ok) return [{ result: pinged }];
    const rate = await ctx.probe(
      { kind: 'redis', op: 'hitrate' },
      { hitRateConsumer: MONITOR_HIT_RATE_CONSUMER },
    );
    const sample = rate.ok ? (rate.body as HitRateSample | undefined) : undefined;
    // The first sample after (re)start covers the server's lifetime, not a window: not a delta.
    return [{ result: pinged, hitRate: sample?.since === 'previous' ? finite(sample.hitRate) : null }];
  },
  health: {
    probe: 'PING',
    degraded: { setting: 'redisPingDegraded', defaultMs: 100, label: 'Redis PING' },
  },
  /** Everything the health page's Redis panel shows, from one PING and one INFO. */
  async panel(conn) {
    // One after the other: a PING pipelined behind INFO would time INFO's reply too.
    const pinged = await ping(conn);
    // The default sections hold every field below, without the command and latency stats.
    const parsed = (await info(conn, 'default')).info;
    const aof = infoNumber(parsed, 'aof_enabled');
    const panel: RedisPanel = {
      version: text(parsed, 'redis_version'),
      role: text(parsed, 'role'),
      uptimeSeconds: infoNumber(parsed, 'uptime_in_seconds'),
      usedMemoryBytes: infoNumber(parsed, 'used_memory'),
      maxMemoryBytes: infoNumber(parsed, 'maxmemory'),
      maxMemoryPolicy: text(parsed, 'maxmemory_policy'),
      evictedKeys: infoNumber(parsed, 'evicted_keys'),
      connectedClients: infoNumber(parsed, 'connected_clients'),
      opsPerSec: infoNumber(parsed, 'instantaneous_ops_per_sec'),
      aofEnabled: aof === null ? null : aof === 1,
      keys: keyspaceKeys(parsed),
      hitRate: sampleHitRate(conn, parsed, 'panel'),
      pingMs: pinged.latencyMs ?? 0,
    };
    return { panel, latencyMs: panel.pingMs };
  },
});
