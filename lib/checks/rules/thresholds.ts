/**
 * Thresholds: a metric named in words with a comparison ("hit rate > 90%", "<5ms p99", "replication
 * lag under 1 s") → the probe that reads that metric and the condition, units normalised (a
 * percentage becomes a ratio where the probe returns one). One row per metric; a row answers null
 * when the words leave the system or the unit unclear.
 */
import {
  type Comparison,
  comparisonsIn,
  DEFAULT_TARGET,
  FOREIGN_RE,
  formatNumber,
  healthPath,
  hit,
  JUDGEMENT_RE,
  KIND_WORDS,
  type Op,
  POSTGRES_NAMED_RE,
  REDIS_NAMED_RE,
  RELATIVE_RE,
  type Rule,
  type RuleHit,
  type RuleInput,
  stateOf,
  subjectKinds,
} from './words';

interface Row {
  id: string;
  /** Words that name the metric. */
  re: RegExp;
  build(cmp: Comparison | null, input: RuleInput, state: string): RuleHit | null;
}

const R = DEFAULT_TARGET.redis;
const P = DEFAULT_TARGET.postgres;
const H = DEFAULT_TARGET.http;
const SIZE_UNITS = new Set(['kb', 'mb', 'gb', 'b']);
const TIME_UNITS = new Set(['ms', 's', 'm']);

/** Which of Redis / PostgreSQL / the API the item speaks of, with how sure that is (0 = none). */
function subject(
  input: RuleInput,
  extraRedis?: RegExp,
): { kind: 'redis' | 'postgres' | 'http' | null; sure: number } {
  const text = input.plain;
  const redis = KIND_WORDS.redis.test(text) || (extraRedis?.test(text) ?? false);
  const postgres = KIND_WORDS.postgres.test(text);
  const http = /\b(api|endpoints?|http|requests?|response times?|backend)\b/.test(text);
  const named = [redis, postgres, http].filter(Boolean).length;
  if (named > 1) return { kind: null, sure: 0 };
  if (redis) return { kind: 'redis', sure: REDIS_NAMED_RE.test(text) ? 0.9 : 0.8 };
  if (postgres) return { kind: 'postgres', sure: POSTGRES_NAMED_RE.test(text) ? 0.9 : 0.8 };
  if (http) return { kind: 'http', sure: 0.8 };
  const around = subjectKinds(input);
  if (around.kinds.length === 1)
    return { kind: around.kinds[0] as 'redis' | 'postgres' | 'http', sure: 0.65 };
  return { kind: null, sure: 0 };
}

const ratio = (c: Comparison): number | null =>
  c.unit === '%' ? c.value / 100 : c.unit === '' ? (c.value <= 1 ? c.value : c.value / 100) : null;

const op = (c: Comparison): Op => c.op;

const hitRate: Row = {
  id: 'hit-rate',
  re: /\bhit[- ]?(?:rate|ratio)\b/,
  build(c, input) {
    if (!c || c.op === '==') return null;
    const r = ratio(c);
    if (r === null || r <= 0 || r > 1) return null;
    const s = subject(input);
    // "Cache hit rate" without a system: the cache is Redis in these checklists; a buffer cache is PostgreSQL's.
    if (s.kind === 'postgres' || /\bbuffer\b/.test(input.plain))
      return hit(`postgres:${P} cache-hit-ratio ${op(c)} ${formatNumber(r)}`, c.source, 'threshold', 0.75);
    if (s.kind === 'http') return null;
    const sure = s.kind === 'redis' ? s.sure : 0.6;
    return hit(`redis:${R} hit-rate ${op(c)} ${formatNumber(r)}`, c.source, 'threshold', sure);
  },
};

const PERCENTILE_RE = /\bp(50|90|95|99)\b|\b(50|90|95|99)(?:th)? percentile\b|\b(median|average|avg|mean)\b/;

const latency: Row = {
  id: 'latency',
  re: /\b(latency|latencies|response times?|p50|p90|p95|p99|round[- ]trip)\b|\bcache hits?\b(?![- ]?(?:rate|ratio))/,
  build(c, input) {
    if (!c || !TIME_UNITS.has(c.unit) || (c.op !== '<' && c.op !== '<=')) return null;
    const s = subject(input, /\bsessions?\b/);
    const m = PERCENTILE_RE.exec(input.plain);
    const which = m ? (m[3] ? '50' : (m[1] ?? m[2])) : '99';
    const limit = `${formatNumber(c.value)}${c.unit}`;
    const ms = c.unit === 's' ? c.value * 1000 : c.unit === 'm' ? c.value * 60_000 : c.value;
    if (s.kind === 'redis') {
      if (which === '99')
        return hit(`redis:${R} latency ${c.op} ${limit}`, c.source, 'threshold', s.sure - 0.05);
      if (which === '50')
        return hit(`redis:${R} latency [LATENCY] ${c.op} ${limit}`, c.source, 'threshold', s.sure - 0.1);
      return null;
    }
    if (s.kind === 'http') {
      const probe = `http:${H} latency GET ${healthPath(input)}`;
      if (which === '99' || !m) return hit(`${probe} ${c.op} ${limit}`, c.source, 'threshold', s.sure - 0.05);
      if (which === '95')
        return hit(`${probe} [BODY].p95Ms ${c.op} ${formatNumber(ms)}`, c.source, 'threshold', s.sure - 0.1);
      if (which === '50')
        return hit(`${probe} [LATENCY] ${c.op} ${limit}`, c.source, 'threshold', s.sure - 0.1);
    }
    return null;
  },
};

const memory: Row = {
  id: 'memory',
  re: /\b(memory|used_memory|mem)\b/,
  build(c, input) {
    if (!c || c.op === '==' || /\b(ram|heap|jvm|disk|free)\b/.test(input.plain)) return null;
    const s = subject(input);
    if (s.kind !== 'redis') return null;
    if (c.unit === '%')
      return hit(`redis:${R} memory ${c.op} ${formatNumber(c.value / 100)}`, c.source, 'threshold', s.sure);
    if (SIZE_UNITS.has(c.unit))
      return hit(
        `redis:${R} info used_memory ${c.op} ${formatNumber(c.value)}${c.unit}`,
        c.source,
        'threshold',
        s.sure,
      );
    return null;
  },
};

const evictions: Row = {
  id: 'evictions',
  re: /\bevict(?:ed|ions?)\b/,
  build(c, input, state) {
    if (POSTGRES_NAMED_RE.test(input.plain)) return null;
    const none =
      /^(?:no|zero|0)\b|\b(?:evicted[_ ]keys|evictions?)\s*(?:=|==|:|is|are|equals?|stays?(?: at)?|remains?(?: at)?)?\s*(?:0|zero|none)\b/.test(
        state,
      );
    const check = `redis:${R} info evicted_keys`;
    if (none && (!c || (c.op === '==' && c.value === 0)))
      return hit(`${check} == 0`, state, 'threshold', 0.8);
    if (c && c.unit === '' && c.op !== '==')
      return hit(`${check} ${c.op} ${formatNumber(c.value)}`, c.source, 'threshold', 0.75);
    return null;
  },
};

const connections: Row = {
  id: 'connections',
  re: /\b(connections|connected clients|client connections|active connections)\b/,
  build(c, input) {
    if (c?.unit !== '' || c.op === '==' || /\b(pool|errors?|timeouts?|refused|leaks?)\b/.test(input.plain))
      return null;
    const s = subject(input);
    if (s.kind === 'postgres')
      return hit(
        `postgres:${P} connections ${c.op} ${formatNumber(c.value)}`,
        c.source,
        'threshold',
        s.sure - 0.05,
      );
    if (s.kind === 'redis')
      return hit(
        `redis:${R} info connected_clients ${c.op} ${formatNumber(c.value)}`,
        c.source,
        'threshold',
        s.sure - 0.05,
      );
    return null;
  },
};

const replicationLag: Row = {
  id: 'replication-lag',
  re: /\b(replication|replica|standby) lag\b/,
  build(c, input) {
    if (!c || !TIME_UNITS.has(c.unit) || (c.op !== '<' && c.op !== '<=')) return null;
    if (REDIS_NAMED_RE.test(input.plain)) return null;
    return hit(
      `postgres:${P} replication-lag ${c.op} ${formatNumber(c.value)}${c.unit}`,
      c.source,
      'threshold',
      0.8,
    );
  },
};

/** Error rates need a metric name the words do not give: they stay with the trigger rules. */
const ROWS: Row[] = [hitRate, latency, memory, evictions, connections, replicationLag];

export const thresholdRule: Rule = (input) => {
  const whole = stateOf(input.plain);
  if (whole === null || !ROWS.some((r) => r.re.test(whole))) return [];
  // "API p95 latency <200ms: check Prometheus metrics": the claim is before the colon, the how after.
  const head = whole.split(/:\s+/)[0] as string;
  const state = head !== whole && comparisonsIn(head).length > 0 ? head : whole;
  if (FOREIGN_RE.test(state)) return [];
  if (RELATIVE_RE.test(state) || /\b(error|errors|failure|fail(?:ed|s)?)\b/.test(state)) return [];
  if (JUDGEMENT_RE.test(state) && comparisonsIn(state).length === 0) return [];
  const rows = ROWS.filter((r) => r.re.test(state));
  // "hit rate and latency within targets": one metric per item, or nothing.
  if (rows.length !== 1) return [];
  const row = rows[0] as Row;
  const comparisons = comparisonsIn(state);
  if (comparisons.length > 1 && row.id !== 'hit-rate' && row.id !== 'latency') return [];
  const found = row.build(comparisons[0] ?? null, input, state);
  return found ? [{ ...found, source: state }] : [];
};
