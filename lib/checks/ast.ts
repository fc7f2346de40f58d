/**
 * Typed AST of the check syntax:
 * `<kind:target> <probe> [args] [<condition> [&& <condition>]...]`
 */
import type { AnyProbe, ProbeOf, TargetKind } from '@/lib/probes/registry';

/** The kinds a check names (`redis:cache`): the keys of the probe registry (lib/probes/registry). */
export type CheckKind = TargetKind;

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

/**
 * A check's probe: `{ kind, op, ...args }`, one shape per probe each kind declares in its own
 * file (lib/probes/kinds). The names below are the existing kinds' nodes, for code that builds them.
 */
export type Probe = AnyProbe;
export type RedisProbe = ProbeOf<'redis'>;
export type PostgresProbe = ProbeOf<'postgres'>;
export type HttpProbe = ProbeOf<'http'>;
export type PrometheusProbe = ProbeOf<'prometheus'>;
export type { HttpMethod } from '@/lib/probes/kinds/http';

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

/** What a syntactically valid check may still not do (lib/checks/policy). */
export interface PolicyViolation {
  message: string;
  /** The part of the check it is about, to point at in the text. */
  token: string;
  /** The token sits inside quotes: point at the opening quote. */
  quoted?: boolean;
}
