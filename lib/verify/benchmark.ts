import 'server-only';
import { build } from 'hdr-histogram-js';
import { z } from 'zod';
import type { Field } from '@/lib/checklist/model';
import { parseAllowedCheck } from '@/lib/checks';
import { resolveTarget, targetsConfig } from '@/lib/config/targets';
import { LiftoffError } from '@/lib/core/errors';
import { parseWith } from '@/lib/core/validate';
import type { Db } from '@/lib/db/client';
import { instancesOf, probeTarget } from '@/lib/probes';
import { getRun, type RunEvent, setField } from '@/lib/runs';
import type { WriteContext } from '@/lib/runs/context';

export const benchmarkInput = z.strictObject({
  itemId: z.string().min(1, 'choose an item with a bound check'),
  phase: z.enum(['baseline', 'after'], { message: 'must be baseline or after' }),
  requests: z.number().int().min(10, 'at least 10').max(10_000, 'at most 10,000').default(1_000),
});

type Phase = 'baseline' | 'after';
const PERCENTILES = ['p50', 'p95', 'p99'] as const;

/**
 * Which of the template's fields take a phase's figures: blanks naming p50/p95/p99, in an
 * "after" group or label for the after phase, and otherwise (before, baseline, unlabelled)
 * for the baseline — the checklists' "Before / After Deployment" blocks.
 */
export function benchmarkFields(
  defs: Field[],
  phase: Phase,
): Partial<Record<(typeof PERCENTILES)[number] | 'improvement', Field>> {
  const out: Partial<Record<(typeof PERCENTILES)[number] | 'improvement', Field>> = {};
  for (const f of defs) {
    if (f.kind !== 'text') continue;
    const where = `${f.group ?? ''} ${f.label} ${f.key}`.toLowerCase();
    const isAfter = /\bafter\b/.test(where);
    if (/improvement/.test(where)) {
      if (phase === 'after' && !out.improvement) out.improvement = f;
      continue;
    }
    if (isAfter !== (phase === 'after')) continue;
    for (const p of PERCENTILES) if (new RegExp(`\\b${p}\\b`).test(where) && !out[p]) out[p] = f;
  }
  return out;
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;

/**
 * Runs a bound check's probe N times against the run's environment and records p50/p95/p99
 * in the phase's fields (each an audited field change); "after" also records the improvement
 * in p50 against the baseline already in the run.
 */
export type BenchmarkInput = z.input<typeof benchmarkInput>;

export async function benchmarkRun(db: Db, ctx: WriteContext, runId: string, raw: BenchmarkInput) {
  const input = parseWith(benchmarkInput, raw);
  const run = await getRun(db, runId);
  const item = run.items.find((i) => i.id === input.itemId);
  if (!item?.check)
    throw new LiftoffError('unprocessable', 'Benchmarks run the bound check of an item; this item has none.');
  const parsed = parseAllowedCheck(item.check);
  if (!parsed.ok)
    throw new LiftoffError('unprocessable', `The item's check is not valid: ${parsed.error.message}`);
  const lookup = resolveTarget(targetsConfig(), run.environment, parsed.check.target);
  if (!lookup.ok) throw new LiftoffError('unprocessable', lookup.error.message);
  const target = lookup.target;
  // A multi-instance target is measured on its first instance.
  const instance = instancesOf(target)?.[0]?.name;

  const histogram = build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 600_000_000,
    numberOfSignificantValueDigits: 3,
  });
  let errors = 0;
  for (let i = 0; i < input.requests; i++) {
    const result = await probeTarget(target, parsed.check.probe, instance ? { instance } : {});
    if (!result.ok) errors++;
    // Microseconds, so sub-millisecond Redis latencies keep three significant digits.
    else histogram.recordValue(Math.max(1, Math.round(result.latencyMs * 1000)));
  }
  if (errors === input.requests)
    throw new LiftoffError('unprocessable', `Every probe failed; nothing to measure against ${target.key}.`);
  const figures = Object.fromEntries(
    PERCENTILES.map((p) => [p, round(histogram.getValueAtPercentile(Number(p.slice(1))) / 1000)]),
  ) as Record<(typeof PERCENTILES)[number], number>;
  histogram.destroy();

  const fields = benchmarkFields(run.fieldDefs, input.phase);
  const events: RunEvent[] = [];
  const write = async (field: Field | undefined, value: string) => {
    if (!field) return;
    const result = await setField(db, ctx, runId, field.key, { value });
    if (result.event) events.push(result.event);
  };
  for (const p of PERCENTILES) await write(fields[p], String(figures[p]));

  let improvementPct: number | null = null;
  if (input.phase === 'after') {
    const baselineField = benchmarkFields(run.fieldDefs, 'baseline').p50;
    const baseline = baselineField
      ? Number.parseFloat(String(run.fields[baselineField.key] ?? ''))
      : Number.NaN;
    if (Number.isFinite(baseline) && baseline > 0) {
      improvementPct = Math.round(((baseline - figures.p50) / baseline) * 1000) / 10;
      await write(fields.improvement, String(improvementPct));
    }
  }
  return {
    phase: input.phase,
    check: item.check,
    target: target.key,
    ...(instance ? { instance } : {}),
    requests: input.requests,
    errors,
    latencyMs: figures,
    improvementPct,
    fields: Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, f?.key])),
    events,
  };
}
