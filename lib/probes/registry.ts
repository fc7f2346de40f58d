import type { AnyProbeDef, AnyProbeKind, InstanceAddress, KindContract, ProbeAst } from './kind';
import { http } from './kinds/http';
import { postgres } from './kinds/postgres';
import { prometheus } from './kinds/prometheus';
import { redis } from './kinds/redis';
import { tcp } from './kinds/tcp';

/**
 * Every probe kind Liftoff knows, by the name checks and the targets file use (`redis:cache`).
 * Adding a kind is its file in ./kinds and one entry here; `satisfies` makes the compiler check
 * each entry against the whole contract (./kind), keyed by its own name.
 */
const kinds = { redis, postgres, http, prometheus, tcp };

export type TargetKind = keyof typeof kinds;
export const PROBE_KINDS = kinds satisfies { [K in TargetKind]: KindContract<K> };
/** In the order above: error messages and docs list them so. */
export const TARGET_KINDS = Object.keys(PROBE_KINDS) as TargetKind[];

type Kinds = typeof PROBE_KINDS;
/** The resolved target of a kind, e.g. `TargetOf<'redis'>` = RedisTarget. */
export type TargetOf<K extends TargetKind> = ReturnType<Kinds[K]['target']['resolve']>;
export type AnyTarget = { [K in TargetKind]: TargetOf<K> }[TargetKind];
/** The check AST node of a kind's probes, e.g. `{ kind: 'redis'; op: 'info'; field: string }`. */
export type ProbeOf<K extends TargetKind> = ProbeAst<K, Kinds[K]['probes']>;
export type AnyProbe = { [K in TargetKind]: ProbeOf<K> }[TargetKind];
/** The keys of `thresholds:` that say when a kind's target is degraded. */
export type DegradedSetting = Kinds[TargetKind]['health']['degraded']['setting'];

type PanelOf<K extends TargetKind> = Kinds[K] extends {
  panel?(...args: never[]): Promise<{ panel: infer P }>;
}
  ? P
  : never;
/** Kinds with a live panel on the health page. */
export type PanelKind = { [K in TargetKind]: [PanelOf<K>] extends [never] ? never : K }[TargetKind];
export type PanelFigures<K extends PanelKind> = PanelOf<K>;

export function isTargetKind(kind: string): kind is TargetKind {
  return Object.hasOwn(PROBE_KINDS, kind);
}

/** A kind with its types erased, for code that works on any target. */
export function kindSpec(kind: TargetKind): AnyProbeKind {
  return PROBE_KINDS[kind] as unknown as AnyProbeKind;
}

/** The declaration of a probe, or undefined for an op the kind does not offer. */
export function probeSpec(probe: { kind: TargetKind; op: string }): AnyProbeDef | undefined {
  const { probes } = kindSpec(probe.kind);
  return Object.hasOwn(probes, probe.op) ? (probes[probe.op] as AnyProbeDef) : undefined;
}

/** The instances of a multi-instance target (http, tcp); undefined for single-address kinds. */
export function instancesOf(target: AnyTarget): readonly InstanceAddress[] | undefined {
  return kindSpec(target.kind).target.instances?.(target);
}

/** The kinds with a panel, each with its first target's figures on the health page. */
export const PANEL_KINDS = TARGET_KINDS.filter((k) => kindSpec(k).panel !== undefined) as PanelKind[];
