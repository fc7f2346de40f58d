/**
 * Liveness: "<Redis | PostgreSQL | the API | both instances> is running / accessible / responding /
 * healthy / up" → a ping, or a GET of the health path expecting 200 (the http kind judges every
 * instance of its target, so "both instances" is one check). A system Liftoff has no kind for
 * ("Kafka is running") or that is not the API ("Frontend is accessible") gets nothing.
 */
import {
  DEFAULT_HEALTH_PATH,
  DEFAULT_TARGET,
  FOREIGN_RE,
  healthPath,
  hit,
  KIND_WORDS,
  NEGATION_RE,
  POSTGRES_NAMED_RE,
  REDIS_NAMED_RE,
  type Rule,
  type RuleHit,
  stateOf,
} from './words';

const UP =
  '(?:up and running|running and (?:accessible|reachable|responding|healthy)|running|accessible|reachable|responding|responds|responsive|healthy|up|alive|available|online|operational|started|connected|listening|working|deployed)';
/** "<subject> [is|are|was|were|should be|remains] <state>", the subject being the words before. */
const STATE_RE = new RegExp(
  `^(.{1,60}?)\\s*(?::|\\bis\\b|\\bare\\b|\\bwas\\b|\\bwere\\b|\\bshould be\\b|\\bmust be\\b|\\bremains?\\b|\\bstays?\\b)?\\s*${UP}\\b(.*)$`,
);
/** "Redis health check passes", "PING returns PONG", "connection to Postgres works". */
const HEALTH_PASSES_RE =
  /^(.{0,40}?)\b(health ?checks?|health endpoint|healthcheck)\s+(?:passes|passed|passing|succeeds|is green|responds with 200|returns 200|responds 200)/;
const CONNECT_RE =
  /^(?:can connect to|connection to|connectivity to|connected to)\s+(redis|postgres(?:ql)?|the database|database)\b(?:\s+(?:works|succeeds|verified|ok|established))?$/;
const CONNECTION_OK_RE =
  /^(redis|postgres(?:ql)?|database|db)\s+(?:connection|connectivity)\s+(?:verified|works|working|ok|succeeds|established|successful)$/;
/** Words after the state that turn it into something else ("running in production mode", "up to 5"). */
const TAIL_STOP_RE = /^\s*(?:to|by|for|on port|in|with|after|when|if|since|on)\b/;
const BARE_200_RE =
  /^(?:http )?(?:status )?200(?: ok)?(?: response| returned| status)?$|^(?:returns|responds with) (?:http )?200(?: ok)?$/;
/** "Multiple API instances running simultaneously", "both instances healthy". */
const INSTANCES_RE =
  /\b(?:both|all|each|every|multiple|\d+|two|three)\s+(?:api\s+)?instances?\b|\bapi instances?\b/;

function ping(kind: 'redis' | 'postgres', source: string, confidence: number): RuleHit {
  return hit(`${kind}:${DEFAULT_TARGET[kind]} ping`, source, 'liveness', confidence);
}

function health(source: string, confidence: number, path = DEFAULT_HEALTH_PATH): RuleHit {
  return hit(`http:${DEFAULT_TARGET.http} GET ${path} [STATUS] == 200`, source, 'liveness', confidence);
}

/** The check for a subject ("redis", "the api", "both instances"), or null when unsure. */
function forSubject(subject: string, source: string, path: string): RuleHit | null {
  const s = subject.replace(/^(?:the|our|a|an)\s+/, '').trim();
  if (s === '' || FOREIGN_RE.test(s)) return null;
  const redis = REDIS_NAMED_RE.test(s);
  const postgres =
    POSTGRES_NAMED_RE.test(s) || /^(?:the )?(?:main |primary )?(?:database|db)( server)?$/.test(s);
  if (redis && postgres) return null;
  if (redis) return ping('redis', source, s.split(' ').length <= 3 ? 0.9 : 0.7);
  if (postgres) return ping('postgres', source, POSTGRES_NAMED_RE.test(s) ? 0.9 : 0.75);
  if (KIND_WORDS.redis.test(s))
    return /^(?:the )?cache( server)?$/.test(s) ? ping('redis', source, 0.7) : null;
  if (INSTANCES_RE.test(s)) return health(source, 0.7, path);
  if (/^(?:the )?(?:api|backend|api server|backend api|rest api|api service|backend service)$/.test(s))
    return health(source, 0.75, path);
  return null;
}

export const livenessRule: Rule = (input) => {
  const state = stateOf(input.plain);
  if (state === null || NEGATION_RE.test(state)) return [];
  const text = state.replace(/[.!]+$/, '').trim();

  const passes = HEALTH_PASSES_RE.exec(text);
  if (passes) {
    const subject = (passes[1] ?? '').trim();
    if (subject === '') return [health(text, 0.7, healthPath(input))];
    const found = forSubject(subject, text, healthPath(input));
    return found ? [found] : [];
  }
  // "HTTP 200 response" under a "Health check endpoint" heading.
  if (BARE_200_RE.test(text) && input.section.some((t) => /\bhealth\b/.test(t)))
    return [health(text, 0.7, healthPath(input))];
  const connect = CONNECT_RE.exec(text) ?? CONNECTION_OK_RE.exec(text);
  if (connect) {
    const found = forSubject(connect[1] as string, text, healthPath(input));
    return found ? [{ ...found, confidence: Math.min(found.confidence, 0.75) }] : [];
  }
  const m = STATE_RE.exec(text);
  if (!m) return [];
  const tail = (m[2] ?? '').trim();
  // "Redis is running on port 6380", "up to 5 replicas": more than liveness is claimed.
  const at = /^at [a-z0-9.-]+(?::\d{1,5})?$/.test(tail);
  if (
    tail !== '' &&
    !at &&
    !/^(?:and (?:accessible|reachable|responding|healthy)|\(.*\)|simultaneously|again|now|correctly|properly|normally)$/.test(
      tail,
    )
  )
    return [];
  if (!at && TAIL_STOP_RE.test(tail)) return [];
  // "Redis deployed" is a deploy step unless it says where it answers.
  if (!at && /\bdeployed$/.test(text.slice(0, text.length - (m[2] ?? '').length).trim())) return [];
  const found = forSubject((m[1] as string).replace(/[:,-]+$/, ''), text, healthPath(input));
  return found ? [found] : [];
};
