/**
 * What a syntactically valid check may still not do, decided on the server before a check is
 * stored, bound, evaluated or run, and again by the probe runner. Each probe declares its rules
 * in its kind's file (lib/probes/kinds):
 *
 * - SQL runs only when PostgreSQL's own parser says it only reads (`postgres query`, see `./sql`).
 * - No probe reads a secret: Redis parameters that hold passwords are refused by name.
 * - The `self` targets are Liftoff itself: its own database, Redis and health endpoint. They
 *   answer fixed, cheap probes only (`self` in a probe's declaration), never free SQL (an
 *   engineer could otherwise read password hashes and sessions, or stall the embedded store's
 *   only thread).
 */
import { kindSpec, probeSpec } from '@/lib/probes/registry';
import type { Check, CheckSyntaxError, ParseResult, PolicyViolation } from './ast';
import { parseCheck } from './parser';

export type { PolicyViolation } from './ast';

export const SELF_TARGET = 'self';

/** The probes a `self` target of `kind` answers at all. */
function selfProbes(kind: Check['target']['kind']): string[] {
  return Object.entries(kindSpec(kind).probes)
    .filter(([, def]) => def.self)
    .map(([op]) => op);
}

/** The first rule a parsed check breaks, or null. Pure; the SQL rule needs the parser loaded. */
export function policyViolation(check: Check): PolicyViolation | null {
  const { probe, target } = check;
  const def = probeSpec(probe);
  if (target.name === SELF_TARGET) {
    const key = `${target.kind}:${target.name}`;
    if (!def?.self) {
      const allowed = selfProbes(probe.kind);
      return {
        message: `${key} is Liftoff itself and answers only fixed probes (${allowed.join(', ') || 'none'}); "${probe.op}" is not one of them`,
        token: probe.op,
      };
    }
    const refused = def.onSelf?.(probe, key);
    if (refused) return refused;
  }
  return def?.policy?.(probe) ?? null;
}

/** Parses a check and applies the policy: what every server path that accepts a check uses. */
export function parseAllowedCheck(input: string): ParseResult {
  const parsed = parseCheck(input);
  if (!parsed.ok) return parsed;
  const violation = policyViolation(parsed.check);
  if (!violation) return parsed;
  const at = Math.max(0, input.indexOf(violation.token) - (violation.quoted ? 1 : 0));
  return {
    ok: false,
    error: { message: `${violation.message} at column ${at}`, position: at, token: violation.token },
  };
}

/** The error of a check that does not parse or is not allowed, or null: what a template save runs per bound check. */
export function validateCheck(input: string): CheckSyntaxError | null {
  const result = parseAllowedCheck(input);
  return result.ok ? null : result.error;
}
