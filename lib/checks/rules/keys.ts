/**
 * Redis keys said to be present: "Both `ai:jobs:{job_id}` and `ai:job:{ws}:{job_id}` present"
 * → `redis:cache scan-count "ai:jobs:*" > 0` per pattern (placeholders become `*`). Only key
 * patterns with a placeholder, only when Redis is named by the item or its section.
 */
import { DEFAULT_TARGET, hit, NEGATION_RE, REDIS_NAMED_RE, type Rule, type RuleHit, stateOf } from './words';

const KEY_RE =
  /(?<![\w:{}])([a-z][\w-]*(?::(?:\{[\w-]+\}|[\w-]+))*:\{[\w-]+\}(?::(?:\{[\w-]+\}|[\w-]+))*)(?![\w:{}])/g;
const PRESENT_RE = /\b(present|exists?|are there|in place)\b/;

export const keysRule: Rule = (input) => {
  const state = stateOf(input.plain);
  if (state === null || NEGATION_RE.test(state) || !PRESENT_RE.test(state)) return [];
  if (!REDIS_NAMED_RE.test(state) && !input.section.some((t) => REDIS_NAMED_RE.test(t))) return [];
  if (/\b(all|every|each|no)\b/.test(state)) return [];
  const out: RuleHit[] = [];
  for (const m of state.matchAll(KEY_RE)) {
    const pattern = (m[1] as string).replace(/\{[\w-]+\}/g, '*');
    out.push(hit(`redis:${DEFAULT_TARGET.redis} scan-count "${pattern}" > 0`, m[0], 'config', 0.7));
  }
  return out;
};
