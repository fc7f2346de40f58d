/**
 * Shares of a named metric: "Read path metrics confirm > 80% new schema", "< 2% of reads still
 * hitting old schema", beside `relay_job_read_path_total{path="new"}` named elsewhere in the
 * document → the matching series' rate over the whole metric's, like the rollback-trigger rule
 * (suggest-trigger.ts). The metric must share two words with the item and beat every other
 * metric; a tie is a guess, and a guess is not suggested.
 */
import { type Metric, metricsIn, words } from '../suggest-trigger';
import { comparisonsIn, formatNumber, hit, RELATIVE_RE, type Rule, stateOf } from './words';

const TARGET = 'prometheus:api';
/** The document's metrics, read once per document (the importer shares one context array). */
const metricsOf = new WeakMap<readonly string[], Metric[]>();

export const metricShareRule: Rule = (input) => {
  if (input.context.length === 0 || !input.plain.includes('%')) return [];
  let inContext = metricsOf.get(input.context);
  if (!inContext) {
    inContext = metricsIn(input.context.filter((t) => typeof t === 'string'));
    metricsOf.set(input.context, inContext);
  }
  const own = input.text.includes('_') ? metricsIn([input.text]) : [];
  if (inContext.length === 0 && own.length === 0) return [];
  const state = stateOf(input.plain);
  if (state === null || RELATIVE_RE.test(state)) return [];
  const cmp = comparisonsIn(state).find((c) => c.unit === '%');
  if (!cmp || cmp.op === '==' || cmp.value > 100) return [];
  const want = words(state);
  let best: { metric: Metric; matched: number; extra: number } | null = null;
  let tie = false;
  const metrics = [
    ...own,
    ...inContext.filter((m) => !own.some((o) => o.name === m.name && o.selector === m.selector)),
  ];
  for (const metric of metrics) {
    if (!metric.selector && !/_(ratio|percent)$/.test(metric.name)) continue;
    const have = words(`${metric.name} ${metric.selector.replace(/[{}"=,|]/g, ' ')}`);
    // Several series of one metric: the item must name the one it means (`paid`, not `abandoned`).
    const siblings = metrics.filter((m) => m.name === metric.name && m.selector).length;
    const values = words((metric.selector.match(/"([^"]*)"/g) ?? []).join(' '));
    if (siblings > 1 && ![...values].some((w) => want.has(w))) continue;
    const matched = [...want].filter((w) => have.has(w)).length;
    const extra = have.size - matched;
    if (matched < 2) continue;
    if (!best || matched > best.matched || (matched === best.matched && extra < best.extra)) {
      best = { metric, matched, extra };
      tie = false;
    } else if (matched === best.matched && extra === best.extra) tie = true;
  }
  if (!best || tie) return [];
  const { name, selector } = best.metric;
  // A selector with alternatives (`path="new|mixed"`) is not one series: no share to compare.
  if (selector.includes('|')) return [];
  const expr = /_(ratio|percent)$/.test(name)
    ? `${name}${selector}`
    : `rate(${name}${selector}[5m]) / rate(${name}[5m])`;
  return [hit(`${TARGET} ${expr} ${cmp.op} ${formatNumber(cmp.value / 100)}`, state, 'threshold', 0.65)];
};
