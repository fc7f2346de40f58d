/**
 * What a syntactically valid check may still not do, decided on the server before a check is
 * stored, bound, evaluated or run (the browser only parses). Three rules:
 *
 * - SQL runs only when PostgreSQL's own parser says it only reads (see `./sql`).
 * - No probe reads a secret: Redis parameters that hold passwords are refused by name.
 * - The `self` targets are Liftoff itself: its own database, Redis and health endpoint. They
 *   answer fixed, cheap probes only, never free SQL (an engineer could otherwise read password
 *   hashes and sessions, or stall the embedded store's only thread).
 */
import type { Check, CheckSyntaxError, ParseResult, Probe } from './ast';
import { parseCheck } from './parser';
import { checkReadOnlySql } from './sql';

/** Redis settings that hold credentials (CONFIG GET takes no pattern here: the syntax refuses globs). */
const SECRET_REDIS_PARAM_RE = /pass|secret|auth|masteruser|acl|tls-key|key-file|cert-file/i;

export const SELF_TARGET = 'self';

const SELF_PROBES: Record<Probe['kind'], readonly string[]> = {
  postgres: ['ping', 'version', 'size', 'connections', 'cache-hit-ratio', 'extension', 'table'],
  redis: ['ping', 'info', 'config', 'dbsize', 'hitrate', 'scan-count', 'exists', 'hlen', 'scard', 'llen'],
  http: ['request'],
  prometheus: [],
};
const SELF_HTTP_PATH = '/api/v1/health';
/** Liftoff's own keys in its Redis (sessions, rate limits, locks): not for checks to look up. */
const OWN_KEY_PREFIX = 'liftoff:';

export interface PolicyViolation {
  message: string;
  /** The part of the check it is about, to point at in the text. */
  token: string;
}

/** The first rule a parsed check breaks, or null. Pure; the SQL rule needs the parser loaded. */
export function policyViolation(check: Check): PolicyViolation | null {
  const { probe, target } = check;
  if (target.name === SELF_TARGET) {
    const key = `${target.kind}:${target.name}`;
    const allowed = SELF_PROBES[probe.kind];
    if (!allowed.includes(probe.op)) {
      return {
        message: `${key} is Liftoff itself and answers only fixed probes (${allowed.join(', ') || 'none'}); "${probe.op}" is not one of them`,
        token: probe.op,
      };
    }
    if (
      probe.kind === 'http' &&
      (probe.path.split('?')[0] !== SELF_HTTP_PATH || probe.method === 'OPTIONS')
    ) {
      return { message: `${key} answers only GET or HEAD ${SELF_HTTP_PATH}`, token: probe.path };
    }
    if (probe.kind === 'redis' && 'key' in probe && probe.key.toLowerCase().startsWith(OWN_KEY_PREFIX)) {
      return {
        message: `${key}: keys under "${OWN_KEY_PREFIX}" are Liftoff's own and cannot be looked up`,
        token: probe.key,
      };
    }
  }
  if (probe.kind === 'redis' && probe.op === 'config' && SECRET_REDIS_PARAM_RE.test(probe.param)) {
    return {
      message: `config parameter "${probe.param}" holds a credential and cannot be read by a check`,
      token: probe.param,
    };
  }
  if (probe.kind === 'postgres' && probe.op === 'query') {
    const verdict = checkReadOnlySql(probe.sql);
    if (!verdict.ok)
      return {
        message: `query rejected: only read-only queries can run as checks (${verdict.reason})`,
        token: probe.sql,
      };
  }
  return null;
}

/** Parses a check and applies the policy: what every server path that accepts a check uses. */
export function parseAllowedCheck(input: string): ParseResult {
  const parsed = parseCheck(input);
  if (!parsed.ok) return parsed;
  const violation = policyViolation(parsed.check);
  if (!violation) return parsed;
  const at = Math.max(0, input.indexOf(violation.token) - (parsed.check.probe.op === 'query' ? 1 : 0));
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
