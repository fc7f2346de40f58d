/**
 * Suggested checks for rollback trigger lines. A trigger line names a bad condition in words
 * with a threshold ("If dual-write failure rate >5%, disable …"); the stage around it usually
 * names the metric ("relay_dual_write_attempt_total{result="failed"}: should be <1%"). When the
 * words of the trigger and of one metric of the stage clearly agree (two or more shared words)
 * and the threshold is a share, the suggestion is the ratio of the matching series over all of
 * that metric, like a Prometheus alerting rule: `rate(m{…}[5m]) / rate(m[5m]) > 0.05 for 2m`.
 * Relative thresholds ("spike >10%", "> 2x baseline") need a baseline the probe does not keep:
 * no suggestion rather than a wrong one.
 */
import { parseAllowedCheck } from './policy';
import type { SuggestedCheck } from './suggest-contract';

export interface TriggerSuggestInput {
  /** The trigger line as written. */
  text: string;
  /** Texts of the stage it belongs to (items, their details and code), where metrics are named. */
  context: readonly string[];
}

const PERCENT =
  /(>=|<=|>|<|≥|≤|\babove\b|\bover\b|\bexceeds?\b|\bmore than\b|\bbelow\b|\bunder\b|\bless than\b)\s*(\d+(?:\.\d+)?)\s*%/i;
const RELATIVE =
  /\b(spikes?|increases?|jumps?|grows?|rises?|drops?|decreases?|baseline|\d+(?:\.\d+)?\s*x)\b/i;
const METRIC = /\b([a-z][a-z0-9]*(?:_[a-z0-9]+)+)(\{[^}\n]{0,200}\})?/g;
const NOISE = new Set([
  'total',
  'count',
  'sum',
  'rate',
  'ratio',
  'percent',
  'metrics',
  'metric',
  'the',
  'any',
  'if',
  'and',
  'job',
]);
const DEFAULT_FOR = '2m';
const TARGET = 'prometheus:api';

function opOf(word: string): '>' | '<' | '>=' | '<=' {
  const w = word.toLowerCase();
  if (w === '>=' || w === '≥') return '>=';
  if (w === '<=' || w === '≤') return '<=';
  if (w === '<' || /below|under|less/.test(w)) return '<';
  return '>';
}

/** Words for matching: lower case, a few endings trimmed (failure, failed → fail). */
export function words(s: string): Set<string> {
  const out = new Set<string>();
  for (const raw of s.toLowerCase().split(/[^a-z0-9]+/)) {
    if (raw.length < 3 || NOISE.has(raw)) continue;
    out.add(raw.replace(/(ures?|ed|ing|es|s)$/, '') || raw);
  }
  return out;
}

export interface Metric {
  name: string;
  selector: string;
}

export function metricsIn(texts: readonly string[]): Metric[] {
  const seen = new Map<string, Metric>();
  for (const t of texts) {
    for (const m of t.matchAll(METRIC)) {
      const name = m[1]!;
      // Metric names carry a unit or a kind suffix; plain snake_case words are not metrics.
      if (!/_(total|count|sum|bucket|seconds|bytes|ratio|percent|errors|requests)$/.test(name)) continue;
      const selector = (m[2] ?? '').replace(/\s+/g, '');
      seen.set(`${name}${selector}`, { name, selector });
    }
  }
  return [...seen.values()];
}

export function suggestTriggerChecks(input: TriggerSuggestInput): SuggestedCheck[] {
  const threshold = PERCENT.exec(input.text);
  if (!threshold || RELATIVE.test(input.text)) return [];
  const op = opOf(threshold[1]!);
  const value = Number(threshold[2]) / 100;
  const want = words(input.text);
  let best: { metric: Metric; score: number } | null = null;
  for (const metric of metricsIn([input.text, ...input.context])) {
    const have = words(`${metric.name} ${metric.selector.replace(/[{}"=,]/g, ' ')}`);
    const score = [...want].filter((w) => have.has(w)).length;
    if (score >= 2 && (!best || score > best.score)) best = { metric, score };
  }
  if (!best) return [];
  const { name, selector } = best.metric;
  let expr: string;
  if (/_(ratio|percent)$/.test(name)) expr = `${name}${selector}`;
  else if (selector) expr = `rate(${name}${selector}[5m]) / rate(${name}[5m])`;
  else return [];
  const check = `${TARGET} ${expr} ${op} ${value} for ${DEFAULT_FOR}`;
  return parseAllowedCheck(check).ok ? [{ check, source: input.text, rule: 'trigger', confidence: 0.8 }] : [];
}
