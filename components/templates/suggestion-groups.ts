import type { Checklist, Item } from '@/lib/checklist/model';

/** How the review names each rule that suggests checks (unknown rules show their id). */
export const RULE_LABELS: Record<string, string> = {
  liveness: 'Liveness',
  threshold: 'Thresholds',
  port: 'Ports',
  config: 'Configuration',
  'expected-response': 'Expected responses',
  command: 'Commands in the item',
};

export interface Pending {
  item: Item;
  check: string;
  confidence?: number;
}

export interface RuleGroup {
  rule: string;
  rows: Pending[];
}

/**
 * Coverage of a checklist as `counts.verifiable` counts it: every item, those a probe can verify
 * (a bound or suggested check), and the suggestions of items still without a check, grouped by
 * rule in the order of RULE_LABELS, best first within an item.
 */
export function pendingSuggestions(model: Checklist) {
  const counted = model.items;
  const bound = counted.filter((i) => i.check).length;
  const byRule = new Map<string, Pending[]>();
  for (const item of counted) {
    if (item.check) continue;
    const ranked = [...item.suggestedChecks].sort((a, b) => (b.confidence ?? 1) - (a.confidence ?? 1));
    for (const s of ranked) {
      const rule = s.rule ?? 'command';
      byRule.set(rule, [...(byRule.get(rule) ?? []), { item, check: s.check, confidence: s.confidence }]);
    }
  }
  const order = Object.keys(RULE_LABELS);
  const rank = (r: string) => (order.includes(r) ? order.indexOf(r) : order.length);
  const groups = [...byRule]
    .map(([rule, rows]) => ({ rule, rows }))
    .sort((a, b) => rank(a.rule) - rank(b.rule) || a.rule.localeCompare(b.rule));
  const unverifiable = counted.filter((i) => !i.check && i.suggestedChecks.length === 0);
  return {
    counted: counted.length,
    verifiable: counted.length - unverifiable.length,
    bound,
    groups,
    unverifiable,
  };
}
