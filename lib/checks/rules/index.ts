/**
 * Suggestions from plain words: one table-driven rule family per file (liveness, thresholds,
 * ports, configuration, expected responses). Each hit carries its
 * family and a confidence; the caller drops what is below SUGGESTION_THRESHOLD.
 */
import type { SuggestInput } from '../suggest-contract';
import { configRule } from './config';
import { expectedResponseRule, responseFieldRule } from './expected-response';
import { keysRule } from './keys';
import { livenessRule } from './liveness';
import { metricShareRule } from './metrics';
import { portRule } from './ports';
import { thresholdRule } from './thresholds';
import { asWritten, type Rule, type RuleHit, toRuleInput } from './words';

export { isExpectedResponse } from './expected-response';
export type { RuleHit } from './words';

const RULES: Rule[] = [
  livenessRule,
  thresholdRule,
  portRule,
  configRule,
  keysRule,
  expectedResponseRule,
  responseFieldRule,
];
/** Longer texts are paragraphs, not items: the rules read items. */
const MAX_TEXT = 600;

/** Words without which no rule can fire: most items are skipped with one test. */
const RELEVANT_RE =
  /redis|valkey|cach|postgres|\bpg|database|\bdb\b|api\b|endpoint|backend|http|service|\bapp|instance|health|\bports?\b|latenc|p\d\d|response time|memory|evict|connect|replica|standby|\blag\b|hit|aof|append|maxmemory|polic|extension|\d\s*%|\d\s*\+|table|percent|present|\{/i;

/** Per section (the importer hands each section's one array to all its items). */
const jsonShown = new WeakMap<object, boolean>();

function showsJson(code: SuggestInput['sectionCode']): boolean {
  if (!Array.isArray(code) || code.length === 0) return false;
  let shown = jsonShown.get(code);
  if (shown === undefined) {
    shown = code.some((b) => typeof b?.value === 'string' && b.value.trimStart().startsWith('{'));
    jsonShown.set(code, shown);
  }
  return shown;
}

/** Every rule's hits for one item, strongest first per check. Never throws. */
export function wordSuggestions(input: SuggestInput): RuleHit[] {
  if (typeof input?.text !== 'string') return [];
  // Items under a section that shows a JSON response may judge any of its fields.
  if (!RELEVANT_RE.test(input.text) && !showsJson(input.sectionCode)) return [];
  const ri = toRuleInput(input);
  if (ri.plain === '' || ri.plain.length > MAX_TEXT) return [];
  const best = new Map<string, RuleHit>();
  for (const rule of RULES) {
    let hits: RuleHit[] = [];
    try {
      hits = rule(ri);
    } catch {
      hits = [];
    }
    for (const found of hits) {
      const h = {
        ...found,
        source: asWritten(ri, found.source),
        confidence: Math.round(found.confidence * 100) / 100,
      };
      const prev = best.get(h.check);
      if (!prev || prev.confidence < h.confidence) best.set(h.check, h);
    }
  }
  // A share of a named metric only when no rule read the words as something Liftoff probes itself.
  if (best.size === 0) {
    for (const h of metricShareRule(ri)) best.set(h.check, { ...h, source: asWritten(ri, h.source) });
  }
  return [...best.values()];
}
