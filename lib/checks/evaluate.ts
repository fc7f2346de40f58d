/** Evaluates a check's conditions against one probe result. Pure and total. */
import type { Check, Condition, PathSegment, Subject } from './ast';
import { compareValues, containsText, display, isTruthy } from './compare';
import { formatCondition, formatSubject } from './format';
import type { ProbeResult } from './result';

export interface ConditionDetail {
  /** The condition in canonical form. */
  condition: string;
  /** What the placeholder read from the result (undefined when absent). */
  actual: unknown;
  ok: boolean;
  /** Why it failed. */
  message?: string;
}

export interface Evaluation {
  ok: boolean;
  details: ConditionDetail[];
  /** Set when the probe itself failed. */
  message?: string;
}

function walk(value: unknown, path: readonly PathSegment[]): unknown {
  let current = value;
  for (const seg of path) {
    if (current === null || typeof current !== 'object') return undefined;
    const key = typeof seg === 'number' ? String(seg) : seg;
    // Own properties only: `[BODY].constructor` must not reach into prototypes.
    if (!Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** A JSON body that arrived as text is parsed once per result, not once per condition. */
const parsedBodies = new WeakMap<ProbeResult, unknown>();
const UNPARSABLE = Symbol('unparsable');

function bodyValue(result: ProbeResult, path: readonly PathSegment[]): unknown {
  const { body } = result;
  if (path.length === 0 || typeof body !== 'string') return path.length === 0 ? body : walk(body, path);
  if (!parsedBodies.has(result)) {
    try {
      parsedBodies.set(result, JSON.parse(body));
    } catch {
      parsedBodies.set(result, UNPARSABLE);
    }
  }
  const parsed = parsedBodies.get(result);
  return parsed === UNPARSABLE ? undefined : walk(parsed, path);
}

/** What a placeholder reads from a result. `[CERT_EXPIRY]` is the time left, from `result.at`. */
export function readSubject(subject: Subject, result: ProbeResult): unknown {
  switch (subject.type) {
    case 'value':
      return result.value;
    case 'status':
      return result.status;
    case 'latency':
      return result.latencyMs;
    case 'body':
      return bodyValue(result, subject.path);
    case 'header': {
      const wanted = subject.name.toLowerCase();
      const entry = Object.entries(result.headers ?? {}).find(([name]) => name.toLowerCase() === wanted);
      return entry?.[1];
    }
    case 'cert-expiry': {
      if (!result.certExpiresAt) return undefined;
      const expires = Date.parse(result.certExpiresAt);
      const at = Date.parse(result.at);
      if (Number.isNaN(expires)) return undefined;
      return expires - (Number.isNaN(at) ? Date.now() : at);
    }
  }
}

export function evaluateCondition(condition: Condition, result: ProbeResult): ConditionDetail {
  const text = formatCondition(condition);
  if (!result.ok) {
    return { condition: text, actual: undefined, ok: false, message: result.error || 'the probe failed' };
  }
  const actual = readSubject(condition.subject, result);
  const fail = (message: string): ConditionDetail => ({ condition: text, actual, ok: false, message });
  const absent = actual === undefined || actual === null;
  switch (condition.op) {
    case 'installed':
    case 'exists':
      return isTruthy(actual)
        ? { condition: text, actual, ok: true }
        : fail(`${formatSubject(condition.subject)} is ${display(actual)}`);
    case 'contains':
      if (absent) return fail(`${formatSubject(condition.subject)} is missing`);
      return containsText(actual, condition.text)
        ? { condition: text, actual, ok: true }
        : fail(`${display(actual)} does not contain "${condition.text}"`);
    default: {
      // Something that is absent differs from any literal, and satisfies nothing else.
      if (absent) {
        return condition.op === '!='
          ? { condition: text, actual, ok: true }
          : fail(`${formatSubject(condition.subject)} is missing`);
      }
      const outcome = compareValues(actual, condition.op, condition.value);
      if (outcome.ok) return { condition: text, actual, ok: true };
      return fail(outcome.reason ?? `got ${outcome.shown}, expected ${text}`);
    }
  }
}

/**
 * All conditions must hold. A failed probe fails every condition with its error; without
 * conditions a check passes iff the probe succeeded.
 */
export function evaluateConditions(conditions: readonly Condition[], result: ProbeResult): Evaluation {
  const details = conditions.map((c) => evaluateCondition(c, result));
  const ok = result.ok && details.every((d) => d.ok);
  return result.ok ? { ok, details } : { ok, details, message: result.error || 'the probe failed' };
}

export function evaluateCheck(check: Check, result: ProbeResult): Evaluation {
  return evaluateConditions(check.conditions, result);
}
