/**
 * Points a suggested check at the environment's targets. Suggestions name targets by convention
 * (`redis:cache`, `postgres:main`, `http:api`) or after a host in a command; an environment names
 * its own. Pure and free of the check grammar, so the template page (browser) and the CLI share it.
 */
import { renameTarget, targetRefOf } from './target-ref';

export type TargetResolution =
  /** The check as it runs in the environment (renamed when it can only mean that one target). */
  | { check: string }
  /**
   * Several targets of the check's kind, or one that need not be the service the words name
   * (`http:grafana` where only `http:api` exists): a person picks one of these `kind:name` refs.
   */
  | { check: string; choices: string[] }
  /** The environment has no target of the check's kind: the check cannot run there as is. */
  | { check: string; missing: true };

/** Kinds an environment has one of as a rule: whatever the checklist calls its Redis is that one. */
const ONE_PER_ENVIRONMENT = new Set(['redis', 'postgres']);
/** The names the rules give when the words name no particular service or port. */
const CONVENTIONAL = new Set(['redis:cache', 'postgres:main', 'http:api', 'prometheus:api']);

/**
 * `targets` are the environment's `kind:name` refs. A check whose target exists is kept; a Redis
 * or PostgreSQL check, or one on a conventional name, takes the only target of its kind; a named
 * service or port (`http:grafana`, `tcp:port-6379`) is never moved onto another target by
 * itself (a Grafana check on the API's target would pass for the wrong reason): the choices are
 * listed instead, as for several targets; none of the kind says so.
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
  const meansTheOne = ONE_PER_ENVIRONMENT.has(ref.kind) || CONVENTIONAL.has(`${ref.kind}:${ref.name}`);
  if (names.length === 1 && meansTheOne) return { check: renameTarget(check, names[0] as string) };
  return { check, choices: names.map((n) => `${ref.kind}:${n}`) };
}
