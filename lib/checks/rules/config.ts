/**
 * Configuration stated in words: "AOF persistence enabled", "maxmemory 512mb", "eviction policy
 * allkeys-lru", "extension vector installed", "PostgreSQL 15+" → `config`, `extension` and
 * `version` checks. Only values the words spell out; "Review Redis maxmemory" asks for a person.
 */
import {
  DEFAULT_TARGET,
  formatNumber,
  hit,
  NEGATION_RE,
  POSTGRES_NAMED_RE,
  REDIS_NAMED_RE,
  type Rule,
  type RuleHit,
  stateOf,
} from './words';

const R = DEFAULT_TARGET.redis;
const P = DEFAULT_TARGET.postgres;

const AOF_RE =
  /\b(aof|append[- ]?only(?: file)?|appendonly)\b(?:\s+persistence)?\s*(?:is\s+|:\s*|=\s*|set to\s+)?(enabled|on|yes|active|turned on|disabled|off|no)\b/;
const PERSISTENCE_RE =
  /\bredis\b.*\bpersistence\s+(?:is\s+)?(enabled|on|turned on)\b|\bredis persistence\b.*\b(enabled|on)\b/;
const MAXMEMORY_RE =
  /\b(?:maxmemory|max[- ]memory|memory limit)\b(?!-| policy)\s*(?:is\s+|set to\s+|=\s*|:\s*|of\s+|at\s+)?(\d+(?:\.\d+)?)\s*(kb|mb|gb|k|m|g)\b/;
const POLICY_RE =
  /\b(allkeys-lru|allkeys-lfu|allkeys-random|volatile-lru|volatile-lfu|volatile-random|volatile-ttl|noeviction)\b/;
const POLICY_CONTEXT_RE = /\b(evict(?:ion)?|maxmemory[- ]policy|policy)\b/;
/** Extension names people write, and the name PostgreSQL knows. */
const EXTENSIONS: Record<string, string> = {
  pgvector: 'vector',
  vector: 'vector',
  postgis: 'postgis',
  pg_trgm: 'pg_trgm',
  pg_stat_statements: 'pg_stat_statements',
  'uuid-ossp': 'uuid-ossp',
  pgcrypto: 'pgcrypto',
  hstore: 'hstore',
  citext: 'citext',
  timescaledb: 'timescaledb',
  pg_cron: 'pg_cron',
  pg_partman: 'pg_partman',
  btree_gin: 'btree_gin',
  btree_gist: 'btree_gist',
};
const EXTENSION_RE =
  /\b(?:extension\s+([a-z0-9_-]+)|([a-z0-9_-]+)\s+extension)\b(?:\s+(?:is\s+)?(?:installed|enabled|present|available|created|loaded))?/;
const EXTENSION_STATE_RE = /\b(installed|enabled|present|available|created|loaded|with)\b/;
const PG_VERSION_RE =
  /\b(?:postgres(?:ql)?|pg)\s*(?:version\s*)?(?:v)?(\d{1,2}(?:\.\d+)?)\s*(?:\+|or (?:newer|later|higher|above)|and (?:newer|later|up))|\b(?:postgres(?:ql)?|pg) version\s*(?:>=|≥|at least)\s*(\d{1,2}(?:\.\d+)?)/;
const REDIS_VERSION_RE =
  /\bredis\s*(?:version\s*)?(?:v)?(\d(?:\.\d+)?)\s*(?:\+|or (?:newer|later|higher|above))|\bredis version\s*(?:>=|≥|at least)\s*(\d(?:\.\d+)?)/;

/** "`platform.databases` table created", "table `audit_log` exists". */
const TABLE_RE =
  /^(?:the\s+)?(?:table\s+([a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)?)|([a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)?)\s+table)\s+(?:is\s+|was\s+|has been\s+)?(created|exists|present)$/;

const sizeUnit = (u: string) => (u.length === 1 ? `${u}b` : u);

export const configRule: Rule = (input) => {
  const state = stateOf(input.plain);
  if (state === null) return [];
  const negated = NEGATION_RE.test(state);
  const out: RuleHit[] = [];
  const postgresNamed = POSTGRES_NAMED_RE.test(state);
  const redisNamed = REDIS_NAMED_RE.test(state);
  const redisAround = redisNamed || input.section.some((t) => REDIS_NAMED_RE.test(t));

  const aof = AOF_RE.exec(state);
  if (aof && !negated && !postgresNamed) {
    const on = /^(enabled|on|yes|active|turned on)$/.test(aof[2] as string);
    out.push(hit(`redis:${R} config appendonly == ${on ? 'yes' : 'no'}`, aof[0], 'config', 0.85));
  } else if (!negated && PERSISTENCE_RE.test(state) && !/\brdb\b|\bsnapshot/.test(state)) {
    // "Redis persistence enabled": AOF is what Redis calls persistence in these checklists; RDB is named.
    out.push(hit(`redis:${R} config appendonly == yes`, state, 'config', 0.7));
  }

  const maxmemory = MAXMEMORY_RE.exec(state);
  if (maxmemory && !negated && !postgresNamed && (redisAround || /\bmaxmemory\b/.test(state))) {
    const value = `${formatNumber(Number(maxmemory[1]))}${sizeUnit(maxmemory[2] as string)}`;
    out.push(hit(`redis:${R} config maxmemory == ${value}`, maxmemory[0], 'config', 0.85));
  }

  const policy = POLICY_RE.exec(state);
  if (policy && !negated && POLICY_CONTEXT_RE.test(state) && !postgresNamed)
    out.push(hit(`redis:${R} config maxmemory-policy == ${policy[1]}`, policy[0], 'config', 0.85));

  const ext = EXTENSION_RE.exec(state);
  const extName = ext ? EXTENSIONS[(ext[1] ?? ext[2] ?? '').toLowerCase()] : undefined;
  if (ext && extName && !negated && (EXTENSION_STATE_RE.test(state) || postgresNamed))
    out.push(hit(`postgres:${P} extension ${extName} installed`, ext[0], 'config', 0.85));

  const pg = PG_VERSION_RE.exec(state);
  if (pg && !negated) {
    const v = pg[1] ?? pg[2];
    out.push(hit(`postgres:${P} version >= ${v}`, pg[0], 'config', 0.8));
  }
  // Only a name written as code: "users table created" in prose may be a person's note.
  const table = TABLE_RE.exec(state);
  const name = table ? (table[1] ?? table[2]) : undefined;
  if (table && name && !negated && input.text.includes(`\`${name}\``) && !REDIS_NAMED_RE.test(state))
    out.push(hit(`postgres:${P} table ${name}`, table[0], 'config', 0.75));

  const rv = REDIS_VERSION_RE.exec(state);
  if (rv && !negated)
    out.push(hit(`redis:${R} info redis_version >= ${rv[1] ?? rv[2]}`, rv[0], 'config', 0.8));
  return out;
};
