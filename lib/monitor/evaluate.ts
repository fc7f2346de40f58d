import 'server-only';
import { z } from 'zod';
import { parseAllowedCheck } from '@/lib/checks/policy';
import type { TargetsConfig } from '@/lib/config/targets';
import { LiftoffError } from '@/lib/core/errors';
import { type CheckInstanceResult, type ProbeOptions, runCheck } from '@/lib/probes';

/** `POST /api/v1/checks/evaluate`: run one check now, in one environment, with its evidence. */

export const evaluateInput = z.object({
  environment: z.string().trim().min(1, 'is required').max(100),
  check: z.string().trim().min(1, 'is required').max(2_000),
});
export type EvaluateInput = z.infer<typeof evaluateInput>;

export interface EvaluateResult {
  ok: boolean;
  /** The check as it ran, in canonical form. */
  check: string;
  environment: string;
  results: CheckInstanceResult[];
}

/**
 * Parses and runs the check against the configured target only. A syntax error, an unknown
 * environment or an unknown target is the caller's mistake: 400 with a message saying which.
 */
export async function evaluateCheck(
  config: TargetsConfig,
  input: EvaluateInput,
  opts: ProbeOptions = {},
): Promise<EvaluateResult> {
  const parsed = parseAllowedCheck(input.check);
  if (!parsed.ok) {
    const { message, position, token } = parsed.error;
    throw new LiftoffError('bad_request', `The check is not valid: ${message}.`, {
      column: position,
      ...(token ? { token } : {}),
    });
  }
  const run = await runCheck(config, input.environment, parsed.check, opts);
  if (run.errorCode) {
    const message = run.error ?? 'the check cannot run';
    throw new LiftoffError('bad_request', `${message[0]?.toUpperCase()}${message.slice(1)}.`, {
      reason: run.errorCode,
    });
  }
  return { ok: run.ok, check: run.check, environment: run.environment, results: run.results };
}
