/**
 * Typed AST of the check syntax:
 * `<kind:target> <probe> [args] [<condition> [&& <condition>]...]`
 */

export const CHECK_KINDS = ['redis', 'postgres', 'http', 'prometheus'] as const;
export type CheckKind = (typeof CHECK_KINDS)[number];

/** Target names are keys of the targets configuration, never addresses. */
export const TARGET_NAME_RE = /^[a-z0-9][a-z0-9_-]*$/;

export interface TargetRef {
  kind: CheckKind;
  name: string;
}

export const SIZE_UNITS = ['b', 'kb', 'mb', 'gb', 'tb', 'kib', 'mib', 'gib', 'tib'] as const;
export type SizeUnit = (typeof SIZE_UNITS)[number];

export const DURATION_UNITS = ['ms', 's', 'm', 'h', 'd', 'w'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];

/** A duration as written (`30d`), with its value in milliseconds. */
export interface DurationLiteral {
  amount: number;
  unit: DurationUnit;
  ms: number;
}

// ---------------------------------------------------------------------------------------------
// Probes

export const REDIS_PROBES = [
  'ping',
  'info',
  'config',
  'dbsize',
  'scan-count',
  'hlen',
  'scard',
  'llen',
  'exists',
  'hitrate',
] as const;
export type RedisProbeName = (typeof REDIS_PROBES)[number];

export type RedisProbe =
  | { kind: 'redis'; op: 'ping' | 'dbsize' | 'hitrate' }
  | { kind: 'redis'; op: 'info'; field: string }
  | { kind: 'redis'; op: 'config'; param: string }
  | { kind: 'redis'; op: 'scan-count'; pattern: string }
  | { kind: 'redis'; op: 'hlen' | 'scard' | 'llen' | 'exists'; key: string };

export const POSTGRES_PROBES = [
  'ping',
  'version',
  'extension',
  'table',
  'query',
  'connections',
  'size',
  'cache-hit-ratio',
] as const;
export type PostgresProbeName = (typeof POSTGRES_PROBES)[number];

export type PostgresProbe =
  | { kind: 'postgres'; op: 'ping' | 'version' | 'connections' | 'size' | 'cache-hit-ratio' }
  | { kind: 'postgres'; op: 'extension'; extension: string }
  | { kind: 'postgres'; op: 'table'; table: string }
  /** Read-only SQL; the probe still runs it in a READ ONLY transaction with a statement timeout. */
  | { kind: 'postgres'; op: 'query'; sql: string };

/** Checks only read: a scheduler runs them repeatedly on every instance. */
export const HTTP_METHODS = ['GET', 'HEAD', 'OPTIONS'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface HttpProbe {
  kind: 'http';
  op: 'request';
  method: HttpMethod;
  /** Starts with `/`; the origin always comes from the target configuration. */
  path: string;
}

export interface LabelMatcher {
  label: string;
  op: '=' | '!=';
  value: string;
}

export interface PromSelector {
  type: 'selector';
  name: string;
  matchers: LabelMatcher[];
}

export type PromBinaryOp = '+' | '-' | '*' | '/';

export type PromExpr =
  | { type: 'number'; value: number }
  | PromSelector
  /** Per-second increase between the previous and the current scrape; `window` bounds the gap. */
  | { type: 'rate'; selector: PromSelector; window?: DurationLiteral }
  | { type: 'binary'; op: PromBinaryOp; left: PromExpr; right: PromExpr };

export interface PrometheusProbe {
  kind: 'prometheus';
  op: 'expr';
  expr: PromExpr;
}

export type Probe = RedisProbe | PostgresProbe | HttpProbe | PrometheusProbe;

// ---------------------------------------------------------------------------------------------
// Conditions

/** `[BODY]` JSON path: numbers index arrays, strings name object keys. */
export type PathSegment = string | number;

export type Subject =
  | { type: 'value' }
  | { type: 'status' }
  | { type: 'latency' }
  | { type: 'cert-expiry' }
  | { type: 'body'; path: PathSegment[] }
  | { type: 'header'; name: string };

export const COMPARE_OPS = ['==', '!=', '<', '<=', '>', '>='] as const;
export type CompareOp = (typeof COMPARE_OPS)[number];

export type Value =
  | { type: 'number'; value: number }
  | { type: 'size'; amount: number; unit: SizeUnit; bytes: number }
  | ({ type: 'duration' } & DurationLiteral)
  | { type: 'string'; value: string };

export type Condition =
  | { subject: Subject; op: CompareOp; value: Value }
  | { subject: Subject; op: 'contains'; text: string }
  /** Unary: the subject is truthy (`installed` and `exists` mean the same). */
  | { subject: Subject; op: 'installed' | 'exists' };

export interface Check {
  target: TargetRef;
  probe: Probe;
  conditions: Condition[];
  /**
   * `for 2m`: the conditions must hold continuously this long (like a Prometheus alerting
   * rule). Used by rollback triggers and soaking stage gates; a one-off Verify ignores it.
   */
  for?: DurationLiteral;
}

// ---------------------------------------------------------------------------------------------
// Parse results

export interface CheckSyntaxError {
  /** Human-readable, names the 0-based column, e.g. `unknown probe "pnig" for redis at column 12; ...`. */
  message: string;
  /** 0-based column of the offending token (the input length when something is missing at the end). */
  position: number;
  /** The offending token as written; empty when something is missing. */
  token: string;
}

export type ParseResult = { ok: true; check: Check } | { ok: false; error: CheckSyntaxError };
