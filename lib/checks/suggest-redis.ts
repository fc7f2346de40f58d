/** `redis-cli ...` → redis checks. Only reading commands; flags like `-a PASS` are dropped. */
import type { Check, CompareOp, Condition, RedisProbe, Value } from './ast';
import {
  type Candidate,
  countComparison,
  grepsOf,
  hasOption,
  hostOfUrl,
  optionValue,
  readOptions,
  targetName,
} from './commands';
import { classifyWord } from './values';

const VALUE_FLAGS = new Set([
  '-h',
  '-p',
  '-s',
  '-a',
  '-u',
  '-n',
  '-r',
  '-i',
  '-d',
  '-D',
  '--user',
  '--pass',
  '--askpass',
  '--cacert',
  '--cacertdir',
  '--cert',
  '--key',
  '--sni',
  '--tls-ciphers',
  '--tls-ciphersuites',
  '--pattern',
  '--count',
  '--quoted-pattern',
  '--memkeys-samples',
  '--eval',
  '--rdb',
  '--functions-rdb',
  '--pipe-timeout',
  '--cluster',
]);

/** Modes that write, dump, replay or only benchmark: never a check. */
const EXCLUDED_FLAGS = [
  '--eval',
  '--pipe',
  '--rdb',
  '--functions-rdb',
  '--bigkeys',
  '--memkeys',
  '--hotkeys',
  '--keystats',
  '--stat',
  '--latency',
  '--latency-history',
  '--latency-dist',
  '--intrinsic-latency',
  '--cluster',
  '--replica',
  '--ldb',
  '-x',
];

/** Common INFO fields, most useful first: a grep prefix resolves to the first match. */
const INFO_FIELDS = [
  'redis_version',
  'redis_mode',
  'uptime_in_seconds',
  'uptime_in_days',
  'connected_clients',
  'blocked_clients',
  'maxclients',
  'used_memory',
  'used_memory_human',
  'used_memory_rss',
  'used_memory_rss_human',
  'used_memory_peak',
  'used_memory_peak_human',
  'maxmemory',
  'maxmemory_human',
  'maxmemory_policy',
  'mem_fragmentation_ratio',
  'loading',
  'rdb_changes_since_last_save',
  'rdb_last_bgsave_status',
  'aof_enabled',
  'aof_last_write_status',
  'total_connections_received',
  'total_commands_processed',
  'instantaneous_ops_per_sec',
  'rejected_connections',
  'expired_keys',
  'evicted_keys',
  'evicted_clients',
  'keyspace_hits',
  'keyspace_misses',
  'role',
  'connected_slaves',
  'master_link_status',
  'used_cpu_sys',
  'used_cpu_user',
];

/** Counters of trouble: "no evictions" means `== 0`. */
const TROUBLE_COUNTERS = new Set(['evicted_keys', 'evicted_clients', 'rejected_connections']);

/** `INFO <section>` without a grep: the field that section is usually read for. */
function sectionField(section: string, context: string): string {
  switch (section) {
    case 'memory':
      return 'used_memory';
    case 'clients':
      return 'connected_clients';
    case 'persistence':
      return 'aof_enabled';
    case 'replication':
      return 'role';
    case 'cpu':
      return 'used_cpu_sys';
    case 'keyspace':
      return 'dbsize';
    case 'stats':
      return /evict/i.test(context)
        ? 'evicted_keys'
        : /\bhit/i.test(context)
          ? 'hitrate'
          : 'total_commands_processed';
    default:
      return 'redis_version';
  }
}

/** `^used_memory:` → `used_memory`; a prefix (`evicted`) → the first known field it starts. */
function fieldOfPattern(pattern: string): string | undefined {
  const p = pattern.replace(/^\^/, '').replace(/[:$]+$/, '');
  if (!/^[a-z0-9_]+$/i.test(p)) return undefined;
  const lower = p.toLowerCase();
  if (INFO_FIELDS.includes(lower)) return lower;
  return INFO_FIELDS.find((f) => f.startsWith(lower)) ?? (lower.includes('_') ? lower : undefined);
}

function literalValue(c: Candidate, field?: string): Value | undefined {
  let text = c.expect.literal;
  if (text === undefined && c.expect.lines && field && c.expect.lines[0]?.toLowerCase() === field)
    text = c.expect.lines[1];
  if (text === undefined) return undefined;
  // INFO prints `field:value`.
  if (field && text.toLowerCase().startsWith(`${field}:`)) text = text.slice(field.length + 1);
  return text === '' ? undefined : classifyWord(text);
}

const is = (op: CompareOp, value: Value): Condition => ({ subject: { type: 'value' }, op, value });
const n = (value: number): Value => ({ type: 'number', value });

function infoConditions(field: string, c: Candidate): Condition[] {
  const literal = literalValue(c, field);
  if (literal) return [is('==', literal)];
  if (field.startsWith('used_memory') || field.startsWith('maxmemory')) {
    const size = c.expect.comparisons.find((x) => /^[kmgt]?i?b$/.test(x.unit));
    if (size && size.op !== '==') return [is(size.op, classifyWord(`${size.amount}${size.unit}`))];
  }
  if (TROUBLE_COUNTERS.has(field) && /\b(no|zero|without)\b/i.test(c.expect.context)) return [is('==', n(0))];
  if (field === 'aof_enabled' && /\benabled?\b|\bon\b/i.test(c.expect.context)) return [is('==', n(1))];
  return [];
}

function hitRateConditions(c: Candidate): Condition[] {
  const rate = c.expect.comparisons.find((x) => x.unit === '%' || (x.unit === '' && x.amount <= 1));
  if (!rate) return [];
  const value = rate.unit === '%' ? rate.amount / 100 : rate.amount;
  return [is(rate.op, n(Number(value.toFixed(6))))];
}

function countConditions(c: Candidate, fallback: Condition): Condition[] {
  if (/^(empty|none|nothing)$/i.test(c.expect.literal ?? '')) return [is('==', n(0))];
  const literal = literalValue(c);
  if (literal?.type === 'number') return [is('==', literal)];
  const wc = countComparison(c);
  return [wc ? is(wc.op, n(wc.n)) : fallback];
}

function probes(c: Candidate, words: string[]): { probe: RedisProbe; conditions: Condition[] }[] {
  const command = words[0]?.toUpperCase();
  const arg = words[1];
  switch (command) {
    case 'PING':
      return [{ probe: { kind: 'redis', op: 'ping' }, conditions: [] }];
    case 'DBSIZE':
      return [{ probe: { kind: 'redis', op: 'dbsize' }, conditions: countConditions(c, is('>', n(0))) }];
    case 'KEYS':
      if (arg === undefined) return [];
      return [
        {
          probe: { kind: 'redis', op: 'scan-count', pattern: arg },
          conditions: countConditions(c, is('>', n(0))),
        },
      ];
    case 'SCAN': {
      const match = words.findIndex((w, i) => i > 1 && w.toUpperCase() === 'MATCH');
      const pattern = match === -1 ? undefined : words[match + 1];
      if (pattern === undefined) return [];
      return [
        {
          probe: { kind: 'redis', op: 'scan-count', pattern },
          conditions: countConditions(c, is('>', n(0))),
        },
      ];
    }
    case 'HLEN':
    case 'SCARD':
    case 'LLEN': {
      if (arg === undefined) return [];
      const op = command.toLowerCase() as 'hlen' | 'scard' | 'llen';
      return [{ probe: { kind: 'redis', op, key: arg }, conditions: countConditions(c, is('>=', n(1))) }];
    }
    case 'EXISTS':
      if (arg === undefined || words.length > 2) return [];
      return [{ probe: { kind: 'redis', op: 'exists', key: arg }, conditions: [is('==', n(1))] }];
    case 'CONFIG': {
      const param = words[2]?.toLowerCase();
      if (arg?.toUpperCase() !== 'GET' || !param || /[*?[]/.test(param)) return [];
      const literal = literalValue(c, param);
      const enabled = param === 'appendonly' && /\benabled?\b/i.test(c.expect.context);
      const conditions = literal ? [is('==', literal)] : enabled ? [is('==', classifyWord('yes'))] : [];
      return [{ probe: { kind: 'redis', op: 'config', param }, conditions }];
    }
    case 'INFO': {
      const section = (arg ?? '').toLowerCase();
      const grepped = grepsOf(c)
        .filter((g) => !g.invert)
        .flatMap((g) => g.patterns.map(fieldOfPattern))
        .filter((f): f is string => f !== undefined);
      const fields = grepped.length > 0 ? [...new Set(grepped)] : [sectionField(section, c.expect.context)];
      return fields.map((field) => {
        if (field === 'hitrate')
          return { probe: { kind: 'redis', op: 'hitrate' }, conditions: hitRateConditions(c) };
        if (field === 'dbsize') return { probe: { kind: 'redis', op: 'dbsize' }, conditions: [] };
        return { probe: { kind: 'redis', op: 'info', field }, conditions: infoConditions(field, c) };
      });
    }
    default:
      return [];
  }
}

export function redisChecks(c: Candidate): Check[] {
  const opts = readOptions(c.argv.slice(1), VALUE_FLAGS, true);
  if (EXCLUDED_FLAGS.some((f) => hasOption(opts, f))) return [];
  const url = optionValue(opts, '-u');
  const host = optionValue(opts, '-h') ?? (url && !url.dynamic ? hostOfUrl(url.value) : undefined);
  const name = targetName(host, c.container, 'cache');
  if (opts.positional.some((w) => w.dynamic)) return [];
  const words = opts.positional.map((w) => w.value);
  if (hasOption(opts, '--scan')) {
    const pattern = optionValue(opts, '--pattern')?.value ?? '*';
    words.splice(0, words.length, 'KEYS', pattern);
  }
  return probes(c, words).map(({ probe, conditions }) => ({
    target: { kind: 'redis', name },
    probe,
    conditions,
  }));
}
