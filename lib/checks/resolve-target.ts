/**
 * Points a suggested check at the environment's targets. Suggestions name targets by convention
 * (`redis:cache`, `postgres:main`, `http:api`) or after a host in a command; an environment names
 * its own. Pure and free of the check grammar, so the template page (browser) and the CLI share it.
 */
import { renameTarget, targetRefOf } from './target-ref';

export type TargetResolution =
  /** The check as it runs in the environment (renamed when its kind has exactly one target). */
  | { check: string }
  /** Several targets of the check's kind: a person picks one of these `kind:name` refs. */
  | { check: string; choices: string[] }
  /** The environment has no target of the check's kind: the check cannot run there as is. */
  | { check: string; missing: true };

/**
 * `targets` are the environment's `kind:name` refs. A check whose target exists is kept; else it
 * takes the only target of its kind, or lists the choices, or says none exists.
 */
export function resolveSuggestedTarget(check: string, targets: readonly string[]): TargetResolution {
  const ref = targetRefOf(check);
  if (!ref) return { check, missing: true };
  const names = [
    ...new Set(
      targets
        .map((t) => targetRefOf(t))
        .filter((t): t is { kind: string; name: string } => t !== null && t.kind === ref.kind)
        .map((t) => t.name),
    ),
  ];
  if (names.includes(ref.name)) return { check };
  if (names.length === 0) return { check, missing: true };
  if (names.length === 1) return { check: renameTarget(check, names[0] as string) };
  return { check, choices: names.map((n) => `${ref.kind}:${n}`) };
}
