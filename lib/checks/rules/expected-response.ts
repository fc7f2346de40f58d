/**
 * Expected responses: a `curl` followed by a JSON block ("Expected response:") becomes one check
 * with a body condition on every leaf (`[BODY].dependencies.redis.status == ok`); the command
 * rules build it (suggest-http.ts, expectations.ts) and `isExpectedResponse` names its family.
 * In words, "Health endpoint shows "healthy" status" is the same claim about one field.
 */
import {
  comparisonsIn,
  curlPath,
  DEFAULT_TARGET,
  formatNumber,
  healthPath,
  hit,
  NEGATION_RE,
  RELATIVE_RE,
  type Rule,
  type RuleHit,
  type RuleInput,
  stateOf,
} from './words';

/** A check built from a command whose conditions read the response body. */
export function isExpectedResponse(check: string): boolean {
  return /^http:\S+ /.test(check) && /\[BODY\]\.[\w.[\]-]+ (==|!=)/.test(check);
}

const STATUS_WORDS = '(healthy|ok|up|pass|passing|green|ready)';
/** "Health endpoint shows "healthy" status", "health check returns status ok". */
const SHOWS_RE = new RegExp(
  `^(?:the )?(?:api )?health (?:endpoint|check|route)s? (?:shows|returns|reports|responds with|says)\\s+(?:(?:a|an|the)\\s+)?(?:status\\s*[:=]?\\s*["']?${STATUS_WORDS}["']?|["']?${STATUS_WORDS}["']?\\s+status)$`,
);

export const expectedResponseRule: Rule = (input) => {
  const state = stateOf(input.plain);
  if (state === null || NEGATION_RE.test(state)) return [];
  const m = SHOWS_RE.exec(state.replace(/[.!]+$/, ''));
  if (!m) return [];
  const value = (m[1] ?? m[2]) as string;
  const check = `http:${DEFAULT_TARGET.http} GET ${healthPath(input)} [STATUS] == 200 && [BODY].status == ${value}`;
  return [hit(check, state, 'expected-response', 0.7)];
};

interface Leaf {
  path: string[];
  value: unknown;
}

function leaves(value: unknown, path: string[] = [], out: Leaf[] = []): Leaf[] {
  if (out.length > 200 || path.length > 6) return out;
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) leaves(v, [...path, k], out);
  } else out.push({ path, value });
  return out;
}

/** `sessionCache` → `session cache`: keys as words. */
const keyWords = (key: string) =>
  key
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/);
const SAFE_KEY_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Read once per section: the importer hands each section's one array to all its items. */
const responses = new WeakMap<object, { path: string; json: unknown } | null>();

/** The expected JSON shown in the item's own section, after the `curl` that fetches it. */
function sectionResponse(input: RuleInput): { path: string; json: unknown } | null {
  if (responses.has(input.sectionCode)) return responses.get(input.sectionCode) ?? null;
  const found = readResponse(input);
  responses.set(input.sectionCode, found);
  return found;
}

function readResponse(input: RuleInput): { path: string; json: unknown } | null {
  const path = curlPath([input.sectionCode], /./);
  if (!path) return null;
  for (const block of input.sectionCode) {
    const text = typeof block?.value === 'string' ? block.value.trim() : '';
    if (!text.startsWith('{') || text.length > 20_000) continue;
    try {
      return { path, json: JSON.parse(text) };
    } catch {}
  }
  return null;
}

/**
 * Items judging one number of the response shown above them: "Connection pool showing available
 * connections" → `[BODY].sessionCache.pool.available > 0`, "ping < 50ms" → `[BODY].performance.ping < 50`.
 * The leaf's key and its parent's must both be in the item's words; one leaf, or nothing.
 */
export const responseFieldRule: Rule = (input) => {
  if (input.sectionCode.length === 0) return [];
  const response = sectionResponse(input);
  if (!response) return [];
  const state = stateOf(input.plain);
  if (state === null || NEGATION_RE.test(state) || RELATIVE_RE.test(state)) return [];
  const said = new Set(state.split(/[^a-z0-9]+/).map((w) => w.replace(/s$/, '')));
  const has = (key: string) => keyWords(key).every((w) => said.has(w.replace(/s$/, '')));
  const found = leaves(response.json).filter(
    (l) =>
      typeof l.value === 'number' &&
      l.path.length >= 2 &&
      l.path.every((k) => SAFE_KEY_RE.test(k)) &&
      has(l.path.at(-1) as string) &&
      has(l.path.at(-2) as string),
  );
  if (found.length !== 1) return [];
  const leaf = found[0] as Leaf;
  const field = `[BODY].${leaf.path.join('.')}`;
  const range = /\b(\d+(?:\.\d+)?)\s*[-–]\s*(\d+(?:\.\d+)?)\b/.exec(state);
  const cmp = comparisonsIn(state).find((c) => c.unit === '' || c.unit === 'ms');
  let conditions: string;
  if (cmp && cmp.op !== '==') conditions = `${field} ${cmp.op} ${formatNumber(cmp.value)}`;
  else if (range) conditions = `${field} >= ${range[1]} && ${field} <= ${range[2]}`;
  else if (/\b(showing|shows|available|present|non-?zero|some)\b/.test(state)) conditions = `${field} > 0`;
  else return [];
  const check = `http:${DEFAULT_TARGET.http} GET ${response.path} [STATUS] == 200 && ${conditions}`;
  const out: RuleHit[] = [hit(check, state, 'expected-response', 0.65)];
  return out;
};
