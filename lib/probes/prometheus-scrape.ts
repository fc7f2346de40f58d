import 'server-only';
import { setTimeout as sleep } from 'node:timers/promises';
import type { PromExpr } from '@/lib/checks/ast';
import { evaluatePromExpr, type PromScrape } from '@/lib/checks/prom';
import { cachedClient } from './clients';
import { parseExposition } from './exposition';
import { fetchOnTarget } from './http-fetch';
import type { RunContext } from './kind';
import type { PrometheusTarget } from './kinds/prometheus';
import { type Measured, ProbeFailure } from './outcome';

/**
 * The Prometheus kind's plumbing: scrapes of a target's exposition, the last few kept for
 * rate(), and one scrape per round shared by the probes of that round (rollback triggers).
 */

export const METRICS_BODY_CAP = 8 * 1024 * 1024;
/** rate() over scrapes closer than this would be mostly noise. */
export const MIN_RATE_GAP_MS = 1_000;
const HISTORY_LENGTH = 5;
const HISTORY_MAX_AGE_MS = 15 * 60_000;

/** Recent scrapes per target, for rate() between two of them. */
interface ScrapeHistory {
  scrapes: PromScrape[];
  /** The scrape of the current round, which every probe of that round shares. */
  round?: { id: number; scrape: Promise<PromScrape> };
}

function historyFor(target: PrometheusTarget): ScrapeHistory {
  return cachedClient<ScrapeHistory>(`prometheus:${target.environment}/${target.key}`, target.url, () => ({
    value: { scrapes: [] },
    close: () => {},
  }));
}

function usesRate(expr: PromExpr): boolean {
  if (expr.type === 'rate') return true;
  if (expr.type === 'binary') return usesRate(expr.left) || usesRate(expr.right);
  return false;
}

/** The newest remembered scrape at least MIN_RATE_GAP_MS older than `current`. */
function baselineFor(history: ScrapeHistory, current: PromScrape): PromScrape | undefined {
  for (let i = history.scrapes.length - 1; i >= 0; i--) {
    const s = history.scrapes[i]!;
    if (current.at - s.at >= MIN_RATE_GAP_MS) return s;
  }
  return undefined;
}

function remember(history: ScrapeHistory, scrape: PromScrape): void {
  history.scrapes = [...history.scrapes, scrape]
    .filter((s) => scrape.at - s.at <= HISTORY_MAX_AGE_MS)
    .slice(-HISTORY_LENGTH);
}

async function scrape(target: PrometheusTarget, signal: AbortSignal): Promise<PromScrape> {
  const url = new URL(target.url);
  const res = await fetchOnTarget(url, url, 'GET', signal, {
    cap: METRICS_BODY_CAP,
    accept: 'text/plain;version=0.0.4, application/openmetrics-text;q=0.5, */*;q=0.1',
  });
  if (res.status < 200 || res.status >= 300) throw new ProbeFailure(`the scrape returned HTTP ${res.status}`);
  if (res.truncated)
    throw new ProbeFailure(`the exposition is larger than ${METRICS_BODY_CAP / 1024 / 1024} MB`);
  const { samples } = parseExposition(res.text);
  if (samples.length === 0)
    throw new ProbeFailure('the scrape has no samples (is this a /metrics endpoint?)');
  return { samples, at: Date.now() };
}

/** The round's scrape: the first probe of a round scrapes, the others wait for it. */
function roundScrape(
  target: PrometheusTarget,
  history: ScrapeHistory,
  round: number,
  signal: AbortSignal,
): Promise<PromScrape> {
  if (history.round?.id !== round) {
    const pending = scrape(target, signal).then((s) => {
      remember(history, s);
      return s;
    });
    history.round = { id: round, scrape: pending };
  }
  return history.round!.scrape;
}

/** Evaluates `expr` on a scrape of the target (and an older one for rate()). */
export async function evaluateOnScrape(expr: PromExpr, ctx: RunContext<PrometheusTarget>): Promise<Measured> {
  const { target, timeoutMs, signal } = ctx;
  const round = ctx.options.scrapeRound;
  const started = performance.now();
  const history = historyFor(target);
  const shared = round !== undefined;
  let current = shared ? await roundScrape(target, history, round, signal) : await scrape(target, signal);
  const latencyMs = performance.now() - started;
  // A shared scrape is already remembered: its baseline is the one before it.
  let previous = baselineFor(history, current);
  if (!shared) remember(history, current);
  // A first rate() has nothing to compare with: take a second scrape when time allows.
  if (usesRate(expr) && !previous && timeoutMs - (performance.now() - started) > MIN_RATE_GAP_MS * 1.5) {
    await sleep(MIN_RATE_GAP_MS, undefined, { signal });
    previous = current;
    current = await scrape(target, signal);
    remember(history, current);
  }
  const result = evaluatePromExpr(expr, current, previous);
  const body = {
    samples: current.samples.length,
    ...(previous ? { rateWindowMs: current.at - previous.at } : {}),
  };
  return result.ok
    ? { value: result.value, body, latencyMs }
    : { ok: false, value: null, body, latencyMs, error: result.error };
}
