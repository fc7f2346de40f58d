/**
 * Parsing of Redis INFO output: `# Section` headers, `field:value` lines, and the compound
 * `k=v,k=v` values of keyspace (`db0:keys=1,expires=0,avg_ttl=0`) and command stats.
 */

export type InfoValue = string | number | Record<string, string | number>;
/** Section name (lowercase) → field → value. */
export type RedisInfo = Record<string, Record<string, InfoValue>>;

const NUMBER_RE = /^-?(0|[1-9]\d*)(\.\d+)?$/;
const COMPOUND_RE = /^[a-z_][a-z0-9_.]*=[^,]*(,[a-z_][a-z0-9_.]*=[^,]*)*$/i;

/** Numbers become numbers (not `00000000`, a SHA); everything else stays as Redis wrote it. */
export function infoScalar(text: string): string | number {
  if (!NUMBER_RE.test(text)) return text;
  const n = Number(text);
  return Number.isFinite(n) && (text.includes('.') || Number.isSafeInteger(n)) ? n : text;
}

function parseCompound(text: string): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const pair of text.split(',')) {
    const eq = pair.indexOf('=');
    out[pair.slice(0, eq)] = infoScalar(pair.slice(eq + 1));
  }
  return out;
}

export function parseInfo(text: string): RedisInfo {
  const info: RedisInfo = {};
  let section: Record<string, InfoValue> = {};
  info.default = section;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    if (line.startsWith('#')) {
      const name = line.slice(1).trim().toLowerCase();
      section = info[name] ?? {};
      info[name] = section;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const field = line.slice(0, colon);
    const value = line.slice(colon + 1);
    section[field] = COMPOUND_RE.test(value) ? parseCompound(value) : infoScalar(value);
  }
  if (Object.keys(info.default ?? {}).length === 0) delete info.default;
  return info;
}

export interface InfoLookup {
  section: string;
  field: string;
  /** What `[VALUE]` reads: a scalar; for `dbN`, its number of keys. */
  value: string | number;
  /** The parsed compound value (`{ keys, expires, avg_ttl }`), when the field has one. */
  details?: Record<string, string | number>;
}

/**
 * Finds `field` in any section. `db0` reads as its key count (with the parsed pairs as details);
 * `db0_expires`, `cmdstat_get_calls` read one pair of a compound field.
 */
export function lookupInfoField(info: RedisInfo, field: string): InfoLookup | undefined {
  for (const [section, fields] of Object.entries(info)) {
    if (!Object.hasOwn(fields, field)) continue;
    const value = fields[field]!;
    if (typeof value !== 'object') return { section, field, value };
    const keys = /^db\d+$/.test(field) ? value.keys : undefined;
    const first = keys ?? Object.values(value)[0] ?? '';
    return { section, field, value: first, details: value };
  }
  for (const [section, fields] of Object.entries(info)) {
    for (const [name, value] of Object.entries(fields)) {
      if (typeof value !== 'object' || !field.startsWith(`${name}_`)) continue;
      const sub = field.slice(name.length + 1);
      if (Object.hasOwn(value, sub)) return { section, field, value: value[sub]!, details: value };
    }
  }
  return undefined;
}

/** A number from a field, or null when it is missing or not numeric. */
export function infoNumber(info: RedisInfo, field: string): number | null {
  const found = lookupInfoField(info, field);
  return found && typeof found.value === 'number' ? found.value : null;
}

/** Total keys over every `dbN` of the keyspace section. */
export function keyspaceKeys(info: RedisInfo): number {
  let total = 0;
  for (const [name, value] of Object.entries(info.keyspace ?? {})) {
    if (/^db\d+$/.test(name) && typeof value === 'object' && typeof value.keys === 'number')
      total += value.keys;
  }
  return total;
}

export interface HitRateSample {
  /** Δhits / (Δhits + Δmisses); null when nothing was looked up in the window. */
  hitRate: number | null;
  hits: number;
  misses: number;
  windowMs: number | null;
  /** `start`: the first sample, so the rate covers the server's lifetime. */
  since: 'start' | 'previous';
}

/**
 * Cache hit rate between samples of `keyspace_hits`/`keyspace_misses`. The first sample has
 * nothing to diff against and reports the lifetime rate; a counter that went down (restart or
 * CONFIG RESETSTAT) counts from zero.
 */
export class HitRateSampler {
  private last: { hits: number; misses: number; at: number } | undefined;

  next(hits: number, misses: number, at = Date.now()): HitRateSample {
    const prev = this.last;
    this.last = { hits, misses, at };
    if (!prev) return rate(hits, misses, null, 'start');
    const reset = hits < prev.hits || misses < prev.misses;
    const dh = reset ? hits : hits - prev.hits;
    const dm = reset ? misses : misses - prev.misses;
    return rate(dh, dm, at - prev.at, 'previous');
  }

  reset(): void {
    this.last = undefined;
  }
}

function rate(hits: number, misses: number, windowMs: number | null, since: HitRateSample['since']) {
  const total = hits + misses;
  return { hitRate: total > 0 ? hits / total : null, hits, misses, windowMs, since };
}
