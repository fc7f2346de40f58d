import type { z } from 'zod';
import type { ArgGrammar, ArgType } from '@/lib/checks/args';
import type { Condition, PolicyViolation } from '@/lib/checks/ast';
import type { KindSubject } from '@/lib/checks/conditions';
import type { ProbeResult } from '@/lib/checks/result';
import type { Path, PublicTargetFields, TargetBase } from '@/lib/config/target-schema';
import type { Measured } from './outcome';
import type { ProbeOptions } from './types';

/**
 * The contract of a probe kind: everything Liftoff needs to know about `redis`, `http`, `tcp`…
 * lives in that kind's one file (lib/probes/kinds/<kind>.ts) as a `ProbeKind`, and one line in
 * `./registry` makes it known. The check parser and formatter, the policy, the targets loader,
 * the shared probe runner, the monitor's sampling, health status and panels all read the
 * registry; TypeScript rejects a kind that leaves a part out.
 */

/** What one probe call knows besides its arguments. */
export interface RunContext<T> {
  target: T;
  /** Aborts at the probe's deadline or when the caller cancels. */
  signal: AbortSignal;
  timeoutMs: number;
  /** Multi-instance kinds: the instance this call probes (the first unless the caller named one). */
  instance?: string;
  options: ProbeOptions;
}

/** One probe a kind offers, e.g. redis `info <field>`. */
export interface ProbeDef<Args, C, T> {
  /** Its arguments after the probe's word, in order; the AST node carries them as fields. */
  args?: ArgGrammar<Args>;
  /** What a check without conditions asks (`exists` asks that the key exists). */
  implied?: readonly Condition[];
  /** Whether a `self` target (Liftoff itself) answers it: only fixed, cheap probes do. */
  self?: boolean;
  /** On a `self` target, what it may still not do with these arguments (Liftoff's own keys). */
  onSelf?(args: Args, key: string): PolicyViolation | null;
  /** A rule its arguments keep wherever the check comes from (no secrets, read-only SQL). */
  policy?(args: Args): PolicyViolation | null;
  /** Measures, on the connection `open` made. Throws to fail; the runner makes that a result. */
  run(conn: C, args: Args, ctx: RunContext<T>): Promise<Measured>;
}

/** A probe written with its word alone (`redis:cache ping`). */
export type NoArgs = Record<never, never>;

/** A kind's probes by their word; each entry keeps its own argument types. */
export type ProbeTable<C, T> = Record<string, ProbeDef<unknown, C, T>>;

type Simplify<X> = { [P in keyof X]: X[P] } & {};
type ArgsOf<D> = D extends { run(conn: never, args: infer A, ctx: never): unknown } ? A : never;

/** The check AST node of each probe in a table: `{ kind, op, ...args }`. */
export type ProbeAst<K extends string, Table> = {
  [Op in keyof Table & string]: Simplify<{ kind: K; op: Op } & ArgsOf<Table[Op]>>;
}[keyof Table & string];

/** An instance of a multi-instance target, as results and the health grid show it. */
export interface InstanceAddress {
  name: string;
  /** Masked: no credentials. */
  address: string;
}

/** The instance a call probes (`ctx.instance`, which the runner has checked), for `open`. */
export function chosenInstance<I extends { name: string }>(
  instances: readonly I[],
  ctx: RunContext<unknown>,
): I {
  return instances.find((i) => i.name === ctx.instance) ?? (instances[0] as I);
}

export interface TargetSpec<T, Raw> {
  /** The target's entry under `targets:` in LIFTOFF_CONFIG (spread `timing` into it). */
  schema: z.ZodType<Raw>;
  /** The validated entry → the target; throws `Invalid` for what the schema cannot say. */
  resolve(raw: Raw, base: TargetBase, path: Path): T;
  /** URLs that may carry credentials: their secrets are scrubbed from every result. */
  urls(target: T): string[];
  /** Masked addresses for the API and the admin page. */
  public(target: T): PublicTargetFields;
  /** Multi-instance kinds: each instance is probed, sampled and judged on its own. */
  instances?(target: T): readonly InstanceAddress[];
  /** Liftoff's own store whatever the target's name: it answers what `self` answers. */
  ownStore?(target: T): boolean;
}

export interface HealthSpec<S extends string> {
  /** What reasons call the sampled probe: `redis:cache PING 120 ms is above 100 ms`. */
  probe: string;
  degraded: {
    /** Its key under an environment's `thresholds:` (milliseconds are `<setting>Ms` in code). */
    setting: S;
    defaultMs: number;
    /** How the admin page names it: `Redis PING`. */
    label: string;
  };
}

/** One health sample from a kind's `sample()`: a probe result and what the health page reads. */
export interface KindSample {
  result: ProbeResult;
  /** Multi-instance kinds: whose sample. */
  instance?: string;
  /** Up, when that is more than "the probe answered" (http: a status below 400). */
  up?: boolean;
  /** Why it is down, when `up` is false and the probe's own error does not say. */
  error?: string;
  /** The kind's figure kept with the sample (postgres cache hit ratio, http status, …). */
  value?: number | null;
  /** Redis keyspace hit rate since the previous sample. */
  hitRate?: number | null;
}

export interface SampleContext<P> {
  /** One of the kind's own probes through the shared runner (deadline, policy, scrubbing). */
  probe(probe: P, opts?: ProbeOptions): Promise<ProbeResult>;
}

export interface ProbeKind<
  T extends TargetBase & { kind: string },
  C,
  Table extends ProbeTable<C, T>,
  Raw,
  S extends string,
  P,
> {
  kind: T['kind'];
  /** The product, for messages and the docs: `Redis`, `PostgreSQL`. */
  title: string;
  target: TargetSpec<T, Raw>;
  probes: Table;
  /** The probe written without a word of its own (`http:api GET /x`, a Prometheus expression). */
  bare?: keyof Table & string;
  /** Placeholders beyond `[VALUE]`, `[LATENCY]`, `[CERT_EXPIRY]` its results carry (`[STATUS]`…). */
  subjects?: readonly KindSubject[];
  /** The connection (or instance, or session) a probe runs on, made or reused per call. */
  open(target: T, ctx: RunContext<T>): C | Promise<C>;
  /** Rewrites an error a probe threw on `conn` (e.g. "the connection was lost"). */
  failure?(conn: C, err: unknown): unknown;
  /** The monitor's scheduled probes of one target for the health page. */
  sample(target: T, ctx: SampleContext<ProbeAst<T['kind'], Table>>): Promise<KindSample[]>;
  health: HealthSpec<S>;
  /** The health page's live panel of the environment's first target of this kind. */
  panel?(conn: C, ctx: RunContext<T>): Promise<{ panel: P; latencyMs: number }>;
}

type Erased<K extends string> = ProbeKind<
  TargetBase & { kind: K },
  unknown,
  ProbeTable<unknown, TargetBase & { kind: K }>,
  unknown,
  string,
  unknown
>;

/**
 * What the registry checks each entry against: the whole contract, under its own name. A mapped
 * copy, so TypeScript compares kinds member by member (a kind's own probe table and argument
 * types stay its own) rather than by the variance of ProbeKind's type parameters.
 */
export type KindContract<K extends string> = { [M in keyof Erased<K>]: Erased<K>[M] };

/** A probe with its argument types erased. */
export type AnyProbeDef = Omit<ProbeDef<unknown, unknown, TargetBase>, 'args'> & {
  args?: Readonly<Record<string, ArgType<unknown>>>;
};

/** A kind with its types erased, for code that works on any target. */
export type AnyProbeKind = Erased<string>;

/**
 * Declares a kind whose targets are `T` and whose probes run on a `C`:
 * `const k = kindOf<TcpTarget, TcpInstance>(); export const tcp = k.define({ …, probes: { connect: k.probe({…}) } })`.
 */
export function kindOf<T extends TargetBase & { kind: string }, C>() {
  return {
    // NoInfer: the table's entry type must not decide a probe's arguments (it would make them `any`).
    probe: <Args = NoArgs>(def: ProbeDef<Args, C, T>): NoInfer<ProbeDef<Args, C, T>> => def,
    define: <Table extends ProbeTable<C, T>, Raw, S extends string, P = never>(
      def: ProbeKind<T, C, Table, Raw, S, P>,
    ): ProbeKind<T, C, Table, Raw, S, P> => def,
  };
}
