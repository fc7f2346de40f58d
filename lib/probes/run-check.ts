import 'server-only';
import type { Check, Condition } from '@/lib/checks/ast';
import { type ConditionDetail, evaluateConditions } from '@/lib/checks/evaluate';
import { formatCheck } from '@/lib/checks/format';
import { parseAllowedCheck, policyViolation } from '@/lib/checks/policy';
import type { ProbeResult } from '@/lib/checks/result';
import { resolveTarget, type Target, type TargetsConfig } from '@/lib/config/targets';
import { instancesOf, probeSpec } from './registry';
import { probeTarget } from './runner';
import type { ProbeOptions } from './types';

export { probeTarget } from './runner';

export interface CheckInstanceResult {
  /** `kind:name`. */
  target: string;
  /** Multi-instance kinds (http, tcp): the instance's configured name. */
  instance?: string;
  /** The probe answered and every condition held. */
  ok: boolean;
  value: unknown;
  latencyMs: number;
  status?: number;
  /** The probe's error, or the first failed condition with why. */
  error?: string;
  at: string;
  evidence: { probe: ProbeResult; conditions: ConditionDetail[] };
}

export type CheckRunError = 'invalid-check' | 'unknown-environment' | 'unknown-target';

export interface CheckRun {
  ok: boolean;
  /** Canonical text of the check that ran (or the input, when it did not parse). */
  check: string;
  environment: string;
  /** One per instance (http, tcp) or one for the target; empty when the check could not run. */
  results: CheckInstanceResult[];
  error?: string;
  errorCode?: CheckRunError;
}

/**
 * A check without conditions asks the obvious question its probe declares: an http answer that
 * is not an error, a key that exists, an extension that is installed, a table that exists.
 */
export function impliedConditions(check: Check): Condition[] {
  if (check.conditions.length > 0) return check.conditions;
  return [...(probeSpec(check.probe)?.implied ?? [])];
}

function instanceResult(
  target: Target,
  instance: string | undefined,
  conditions: Condition[],
  result: ProbeResult,
): CheckInstanceResult {
  const evaluation = evaluateConditions(conditions, result);
  const failed = evaluation.details.find((d) => !d.ok);
  const error =
    evaluation.message ?? (failed ? `${failed.condition}: ${failed.message ?? 'failed'}` : undefined);
  const out: CheckInstanceResult = {
    target: target.key,
    ok: evaluation.ok,
    value: result.value,
    latencyMs: result.latencyMs,
    at: result.at,
    evidence: { probe: result, conditions: evaluation.details },
  };
  if (instance !== undefined) out.instance = instance;
  if (result.status !== undefined) out.status = result.status;
  if (error !== undefined) out.error = error;
  return out;
}

function refused(check: string, environment: string, errorCode: CheckRunError, error: string): CheckRun {
  return { ok: false, check, environment, results: [], error, errorCode };
}

/**
 * Runs a check (text or parsed) in an environment: resolves the target by name from the
 * configuration only, probes every instance in parallel, and evaluates the conditions.
 * Overall ok = every instance ok. Never throws.
 */
export async function runCheck(
  config: TargetsConfig,
  environment: string,
  check: string | Check,
  opts: ProbeOptions = {},
): Promise<CheckRun> {
  let parsed: Check;
  if (typeof check === 'string') {
    const result = parseAllowedCheck(check);
    if (!result.ok) return refused(check, environment, 'invalid-check', result.error.message);
    parsed = result.check;
  } else {
    // A stored or built check is held to the same rules as typed text.
    const violation = policyViolation(check);
    if (violation) return refused(formatCheck(check), environment, 'invalid-check', violation.message);
    parsed = check;
  }
  const text = formatCheck(parsed);
  const lookup = resolveTarget(config, environment, parsed.target);
  if (!lookup.ok) return refused(text, environment, lookup.error.code, lookup.error.message);
  const { target } = lookup;
  const conditions = impliedConditions(parsed);
  const instances = instancesOf(target)?.map((i) => i.name) ?? [undefined];
  const results = await Promise.all(
    instances.map(async (instance) => {
      const probeOpts = instance === undefined ? opts : { ...opts, instance };
      return instanceResult(target, instance, conditions, await probeTarget(target, parsed.probe, probeOpts));
    }),
  );
  return { ok: results.every((r) => r.ok), check: text, environment, results };
}
