/**
 * Expected responses: a `curl` followed by a JSON block ("Expected response:") becomes one check
 * with a body condition on every leaf (`[BODY].dependencies.redis.status == ok`); the command
 * rules build it (suggest-http.ts, expectations.ts) and `isExpectedResponse` names its family.
 * In words, "Health endpoint shows "healthy" status" is the same claim about one field.
 */
import { DEFAULT_TARGET, healthPath, hit, NEGATION_RE, type Rule, stateOf } from './words';

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
