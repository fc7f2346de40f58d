/**
 * What the word rules share: the item's words as plain lower-case text, the kind of system it
 * speaks of, whether it states a fact a probe can read (not an action, a negation or a judgement
 * call), and comparisons with units. Readable tables, no model: a rule that is not sure says nothing.
 */
import type { SuggestInput, SuggestionRule } from '../suggest-contract';

/** The names the command rules give targets when the text names none (see commands.ts). */
export const DEFAULT_TARGET = { redis: 'cache', postgres: 'main', http: 'api', tcp: 'port' } as const;
/** The path a liveness check GETs when the item names none; the target page renames it. */
export const DEFAULT_HEALTH_PATH = '/health';

export interface RuleInput {
  /** The item's text as written. */
  text: string;
  /** Plain lower-case words: Markdown marks, links and an owner prefix (`**Ana**:`) removed. */
  plain: string;
  /** `plain` before lower-casing, to quote the words as written. */
  cased: string;
  /** Section titles, outermost first, lower case. */
  section: string[];
  code: SuggestInput['code'];
  /** The section's own code (see SuggestInput.sectionCode). */
  sectionCode: SuggestInput['code'];
  /** Every section's code in the document. */
  documentCode: SuggestInput['code'];
  /** The document's texts, where metrics are named. */
  context: readonly string[];
}

export interface RuleHit {
  check: string;
  /** The words that made it. */
  source: string;
  rule: SuggestionRule;
  confidence: number;
}

export type Rule = (input: RuleInput) => RuleHit[];

export function toRuleInput(input: SuggestInput): RuleInput {
  const text = typeof input.text === 'string' ? input.text : '';
  const cased = text
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^\s*\*\*[^*]{1,60}\*\*:\s*/, (m) => (/\b(redis|postgres|api|database)\b/i.test(m) ? m : ''))
    .replace(/\*\*|__|[*`~]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  const plain = cased.toLowerCase();
  const section = Array.isArray(input.section)
    ? input.section.filter((s) => typeof s === 'string').map((s) => s.toLowerCase())
    : [];
  const code = Array.isArray(input.code) ? input.code : [];
  const sectionCode = Array.isArray(input.sectionCode) ? input.sectionCode : [];
  const documentCode = Array.isArray(input.documentCode) ? input.documentCode : [];
  // Kept as given: the importer shares one array per document, and rules cache by it.
  const context: readonly string[] = Array.isArray(input.context) ? input.context : [];
  return { text, plain, cased, section, code, sectionCode, documentCode, context };
}

/** Systems the item may speak of, and the words that name them. */
export const KIND_WORDS = {
  redis: /\b(redis|valkey|cache|cached|caching)\b/,
  postgres: /\b(postgres(?:ql)?|pg|psql|database|db)\b/,
  http: /\b(api|apis|endpoints?|backend|http|web ?server|services?|app|application|instances?)\b/,
} as const;
export type WordKind = keyof typeof KIND_WORDS;

/** Systems Liftoff has no kind for, or that are not the API: a check must never bind to another. */
export const FOREIGN_RE =
  /\b(prometheus|grafana|frontend|front-end|ui|kafka|zookeeper|nginx|load balancer|lb|mongo(?:db)?|elasticsearch|opensearch|rabbitmq|mysql|mariadb|memcached|docker|containers?|kubernetes|k8s|pods?|jvm|cdn|s3|consul|vault|jaeger|kibana|logstash|sentry|celery|sidekiq|worker|websocket|ws|node \d+|nodes|python|java|node\.?js|npm|pip|browser|dns|ssl|tls|certificate|firewall|vpn|ssh|cron)\b/;

/** Names Redis explicitly (not only "cache"). */
export const REDIS_NAMED_RE = /\b(redis|valkey)\b/;
export const POSTGRES_NAMED_RE = /\b(postgres(?:ql)?|pg)\b/;

/** The kinds named in `s`. */
export function kindsIn(s: string): WordKind[] {
  return (Object.keys(KIND_WORDS) as WordKind[]).filter((k) => KIND_WORDS[k].test(s));
}

/**
 * Words that make an item an action, a conversation or a document rather than a state a probe can
 * read ("Document the Redis setup", "Discuss hit rate with the team", "Restart Redis").
 */
const ACTION_START_RE =
  /^(?:\d+[.)]\s*)?(?:please\s+)?(document|discuss|update|review|write|plan|configure|set ?up|install|create|add|remove|delete|deploy|redeploy|restart|reboot|run|start|stop|kill|enable|disable|migrate|back ?up|notify|communicate|schedule|tune|adjust|consider|investigate|monitor|watch|test|implement|generate|identify|optimi[sz]e|change|rotate|upgrade|downgrade|copy|build|rebuild|pull|push|announce|train|ask|read(?! path)|explain|describe|draft|prepare|record|email|call|archive|clean|simplify|flush|purge|scale|provision|register|increase|decrease|lower|raise|set|apply|roll ?back|revert|fix|debug|compare|measure|benchmark|look|open|close|tell|share|sign|approve|agree|decide|collect|gather|load|seed|import|export|warm|pre-?warm|allocate|reserve|assign|label|tag|mark|move|replace|resize|refactor|bump)\b/;
const TALK_RE =
  /\b(documented|documentation|discuss(?:ed|ion)?|runbook|readme|wiki|post-?mortem|retro(?:spective)?|with the team|meeting|ticket|jira|slack|announce(?:d|ment)?|in (?:the )?logs?|logs? (?:show|contain)|dashboards?|alert(?:s|ing)?|grafana|reviewed|approved|signed|agreed|plan(?:ned)?|in code|in the code|in staging|if needed|if applicable|optional|tests? pass(?:ed|ing)?|unit tests?|load tests?|benchmark|manually|by hand|screenshot)\b/;
/** A negated state: "Redis is NOT exposed publicly", "Postgres isn't running". */
export const NEGATION_RE =
  /\b(not|isn't|aren't|wasn't|weren't|never|no longer|without|shouldn't|mustn't|cannot|can't|won't|doesn't|don't|un(?:reachable|available|healthy|responsive))\b/;
/** Comparisons with a baseline a probe does not keep. */
export const RELATIVE_RE =
  /\b(reduced|decreased|improved|increased?|increases|decreases?|drops?|dropped|grows?|grew|rises?|spikes?|by\s*[<>~]?\s*\d+(?:\.\d+)?\s*%|baseline|compared|faster|slower|approximately|roughly|about|vs\.?|versus|trend(?:s|ing)?)\b|~/;
/** Judgement calls: fine with a number beside them ("stabilized > 70%"), nothing without. */
export const JUDGEMENT_RE =
  /\b(stable|stabili[sz]ed|consistent(?:ly)?|normal|reasonable|acceptable|flat|healthy|good|fine)\b/;

/** Verbs that introduce a checkable state ("Verify …", "Confirm that …", "Check that …"). */
const VERIFY_PREFIX_RE =
  /^(?:\d+[.)]\s*)?(?:(?:verify|verified|check|checked|confirm|confirmed|ensure|ensured|make sure|validate|validated|assert|double-check)\s+(?:that\s+)?)/;

/** The item without a leading "Verify (that)"; null when it is an action or talk, not a state. */
export function stateOf(plain: string): string | null {
  const stripped = plain.replace(VERIFY_PREFIX_RE, '');
  if (stripped === plain && ACTION_START_RE.test(plain)) return null;
  if (TALK_RE.test(plain)) return null;
  return stripped;
}

export type Op = '>' | '>=' | '<' | '<=' | '==';

export interface Comparison {
  op: Op;
  value: number;
  /** Lower case: `%`, `ms`, `s`, `m`, `mb`, `gb`, `kb`, `b`, or '' for a plain number. */
  unit: string;
  /** The words, as found. */
  source: string;
}

const OP_WORDS: [RegExp, Op][] = [
  [/^(>=|≥|=>|at least|no less than|min(?:imum)?(?: of)?)$/, '>='],
  [/^(<=|≤|=<|at most|no more than|max(?:imum)?(?: of)?|within|up to)$/, '<='],
  [/^(>|above|over|more than|greater than|higher than|exceeds?)$/, '>'],
  [/^(<|below|under|less than|lower than|fewer than)$/, '<'],
  [/^(=|==|equals?|is|of|at|:)$/, '=='],
];
const UNIT = '(%|ms|milliseconds?|s|secs?|seconds?|m|mins?|minutes?|kb|mb|gb|b|bytes?|k)';
const COMPARISON_RE = new RegExp(
  `(>=|<=|≥|≤|=>|=<|==|>|<|=|at least|no less than|at most|no more than|within|up to|above|over|more than|greater than|higher than|exceeds?|below|under|less than|lower than|fewer than)\\s*(\\d+(?:\\.\\d+)?)\\s*${UNIT}?(\\+)?(?![\\w.])`,
  'g',
);
/** `99%+`, `20.10+`: "at least". */
const PLUS_RE = new RegExp(`(?<![\\w.<>=])(\\d+(?:\\.\\d+)?)\\s*${UNIT}?\\+`, 'g');

function unitOf(raw: string | undefined): string {
  const u = (raw ?? '').toLowerCase();
  if (/^millisecond/.test(u)) return 'ms';
  if (/^(secs?|seconds?)$/.test(u)) return 's';
  if (/^(mins?|minutes?)$/.test(u)) return 'm';
  if (/^bytes?$/.test(u)) return 'b';
  return u;
}

/** Comparisons written in `s`: `> 90%`, `<5ms`, `under 1 s`, `99%+`. */
export function comparisonsIn(s: string): Comparison[] {
  const out: Comparison[] = [];
  if (!/\d/.test(s)) return out;
  for (const m of s.matchAll(COMPARISON_RE)) {
    const word = (m[1] as string).toLowerCase();
    const op = OP_WORDS.find(([re]) => re.test(word))?.[1] ?? '==';
    out.push({ op: m[4] ? '>=' : op, value: Number(m[2]), unit: unitOf(m[3]), source: m[0].trim() });
  }
  if (out.length === 0) {
    for (const m of s.matchAll(PLUS_RE))
      out.push({ op: '>=', value: Number(m[1]), unit: unitOf(m[2]), source: m[0].trim() });
  }
  return out;
}

/** A number with its unit, as the check syntax writes it (`5ms`, `1s`, `512mb`, `0.9`). */
export function formatNumber(n: number): string {
  return String(Math.round(n * 1e6) / 1e6);
}

/** The first kind named by the text, else by the innermost section that names one. */
export function subjectKinds(input: RuleInput): { kinds: WordKind[]; fromSection: boolean } {
  const own = kindsIn(input.plain);
  if (own.length > 0) return { kinds: own, fromSection: false };
  for (const title of [...input.section].reverse()) {
    const kinds = kindsIn(title);
    if (kinds.length > 0) return { kinds, fromSection: true };
  }
  return { kinds: [], fromSection: false };
}

/** The sections say the item is checked before the deployment (nothing runs yet). */
export function beforeDeployment(input: RuleInput): boolean {
  return input.section.some((t) =>
    /\b(pre-?deploy(?:ment)?|pre-?flight|prerequisites?|before|environment)\b/.test(t),
  );
}

const URL_PATH_RE = /\bcurl\b[^\n]*?(?:https?:\/\/[^\s/'"]+|\$\{?\w+\}?)(\/[^\s'"?#]*)/g;

/**
 * The health path the item's or its section's `curl` reads (`/api/health/redis`), else the
 * conventional one: a liveness check should GET what the checklist itself GETs.
 */
export function healthPath(input: RuleInput): string {
  return (
    curlPath([input.code, input.sectionCode, input.documentCode], /health|ready|live|status/i) ??
    DEFAULT_HEALTH_PATH
  );
}

/** The first path a `curl` in these blocks reads that `want` accepts. */
export function curlPath(groups: SuggestInput['code'][], want: RegExp): string | null {
  for (const block of groups.flat()) {
    if (typeof block?.value !== 'string') continue;
    for (const m of block.value.matchAll(URL_PATH_RE)) {
      const path = m[1] as string;
      if (want.test(path) && /^\/[\w./-]*$/.test(path)) return path;
    }
  }
  return null;
}

/** `words` (a piece of `plain`) as the item wrote them. */
export function asWritten(input: RuleInput, words: string): string {
  const i = input.plain.indexOf(words);
  if (i === -1 || input.cased.length !== input.plain.length) return words;
  return input.cased.slice(i, i + words.length);
}

export function hit(check: string, source: string, rule: SuggestionRule, confidence: number): RuleHit {
  return { check, source, rule, confidence };
}
