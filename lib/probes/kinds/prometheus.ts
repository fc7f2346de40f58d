import 'server-only';
import { z } from 'zod';
import type { ArgType } from '@/lib/checks/args';
import type { PromExpr } from '@/lib/checks/ast';
import { formatPromExpr, parsePromExpr } from '@/lib/checks/prom';
import { httpUrl, maskUrl, type TargetBase, timing } from '@/lib/config/target-schema';
import { kindOf } from '../kind';
import { finite } from '../outcome';
import { evaluateOnScrape } from '../prometheus-scrape';
import { HTTP_DEGRADED } from './http';

/**
 * `prometheus:<name>`: a /metrics exposition, scraped by Liftoff itself; a check is an
 * expression over it (`prometheus:api rate(errors_total[5m]) / rate(requests_total[5m]) < 0.01`).
 */

export interface PrometheusTarget extends TargetBase {
  kind: 'prometheus';
  /** The exposition to scrape, e.g. http://api-1:8000/metrics. */
  url: string;
}

const expression: ArgType<PromExpr> = {
  parse(sc) {
    if (sc.atEnd())
      throw sc.missing('expression', 'e.g. cache_hits_total / (cache_hits_total + cache_misses_total)');
    return parsePromExpr(sc);
  },
  format: formatPromExpr,
};

/** Always true: the scrape succeeding is what the monitor records (the count goes in `body`). */
const SCRAPE_OK = { type: 'number', value: 1 } as const;

const k = kindOf<PrometheusTarget, PrometheusTarget>();

export const prometheus = k.define({
  kind: 'prometheus',
  title: 'Prometheus',
  target: {
    schema: z.strictObject({ url: httpUrl, ...timing }),
    resolve: (raw, base) => ({ ...base, kind: 'prometheus', url: raw.url }),
    urls: (t) => [t.url],
    public: (t) => ({ address: maskUrl(t.url) }),
  },
  probes: {
    expr: k.probe({
      args: { expr: expression },
      run: (_target, { expr }, ctx) => evaluateOnScrape(expr, ctx),
    }),
  },
  bare: 'expr',
  open: (target) => target,
  async sample(_target, ctx) {
    const r = await ctx.probe({ kind: 'prometheus', op: 'expr', expr: SCRAPE_OK });
    const count = (r.body as { samples?: unknown } | undefined)?.samples;
    return [{ result: r, value: finite(count) }];
  },
  health: { probe: 'scrape', degraded: HTTP_DEGRADED },
});
