import 'server-only';
import type { Probe } from '@/lib/checks/ast';
import { policyViolation, SELF_TARGET } from '@/lib/checks/policy';
import type { ProbeResult } from '@/lib/checks/result';
import { probeSecrets } from '@/lib/config/secrets';
import type { Target } from '@/lib/config/targets';
import type { AnyProbeKind, RunContext } from './kind';
import { type ProbeCall, ProbeFailure, runProbe } from './outcome';
import { type PanelResult, toPanel } from './panel';
import {
  instancesOf,
  kindSpec,
  type PanelFigures,
  type PanelKind,
  type ProbeOf,
  probeSpec,
  type TargetKind,
  type TargetOf,
} from './registry';
import type { ProbeOptions } from './types';

/**
 * The shared probe runner: every probe of every kind goes through here, so each gets the
 * same deadline (the target's timeout unless the caller sets one), cancellation, policy check
 * (a `self` target answers only its fixed probes), instance choice, and scrubbing of every
 * secret Liftoff holds from its value, evidence and error. Kinds only measure.
 */

function callFor(target: Target, opts: ProbeOptions): ProbeCall {
  return {
    timeoutMs: opts.timeoutMs ?? target.timeoutMs,
    signal: opts.signal,
    secrets: probeSecrets(target),
  };
}

/** The named instance (which must exist), else the first; undefined for single-address kinds. */
function instanceFor(target: Target, name: string | undefined): string | undefined {
  const instances = instancesOf(target);
  if (!instances) return undefined;
  const found = name === undefined ? instances[0] : instances.find((i) => i.name === name);
  if (!found) throw new ProbeFailure(`unknown instance "${name}" of ${target.key}`);
  return found.name;
}

function contextFor(
  target: Target,
  opts: ProbeOptions,
  call: ProbeCall,
  signal: AbortSignal,
): RunContext<Target> {
  const instance = instanceFor(target, opts.instance);
  return { target, signal, timeoutMs: call.timeoutMs, options: opts, ...(instance ? { instance } : {}) };
}

/** The check rules again where the probe runs, whatever path the request took. */
function assertAllowed(kind: AnyProbeKind, target: Target, probe: Probe): void {
  const name = kind.target.ownStore?.(target) ? SELF_TARGET : target.name;
  const violation = policyViolation({ target: { kind: target.kind, name }, probe, conditions: [] });
  if (violation) throw new ProbeFailure(violation.message);
}

/** `use` on the kind's connection; a failure is explained by the kind (e.g. a lost connection). */
async function onConnection<R>(
  kind: AnyProbeKind,
  ctx: RunContext<Target>,
  use: (conn: unknown) => Promise<R>,
) {
  const conn = await kind.open(ctx.target, ctx);
  try {
    return await use(conn);
  } catch (err) {
    throw kind.failure ? kind.failure(conn, err) : err;
  }
}

/** One probe of a target through its kind. Never throws: every failure is `ok: false`. */
export function probeTarget(target: Target, probe: Probe, opts: ProbeOptions = {}): Promise<ProbeResult> {
  if (probe.kind !== target.kind) {
    return Promise.resolve({
      ok: false,
      value: null,
      latencyMs: 0,
      error: `a ${probe.kind} probe cannot run against ${target.key}`,
      at: new Date().toISOString(),
    });
  }
  const kind = kindSpec(target.kind);
  const call = callFor(target, opts);
  return runProbe(call, async (signal) => {
    const spec = probeSpec(probe);
    if (!spec) throw new ProbeFailure(`unknown probe "${probe.op}" for ${probe.kind}`);
    assertAllowed(kind, target, probe);
    const ctx = contextFor(target, opts, call, signal);
    return onConnection(kind, ctx, (conn) => spec.run(conn, probe, ctx));
  });
}

/** A kind's live panel for the health page, under the same deadline and scrubbing as a probe. */
export function readPanel<K extends PanelKind>(
  target: TargetOf<K>,
  opts: ProbeOptions = {},
): Promise<PanelResult<PanelFigures<K>>> {
  const t = target as Target;
  const kind = kindSpec(t.kind);
  const call = callFor(t, opts);
  return runProbe(call, async (signal) => {
    const panel = kind.panel;
    if (!panel) throw new ProbeFailure(`${t.kind} targets have no panel`);
    const ctx = contextFor(t, opts, call, signal);
    const read = await onConnection(kind, ctx, (conn) => panel.call(kind, conn, ctx));
    return { value: read.panel, latencyMs: read.latencyMs };
  }).then((r) => toPanel<PanelFigures<K>>(r));
}

/** A kind's probes with its own types: `redisProbe.run(target, { kind: 'redis', op: 'ping' })`. */
export interface ProbeModule<K extends TargetKind> {
  kind: K;
  run(target: TargetOf<K>, probe: ProbeOf<K>, opts?: ProbeOptions): Promise<ProbeResult>;
}

export function probeModule<K extends TargetKind>(kind: K): ProbeModule<K> {
  return { kind, run: (target, probe, opts) => probeTarget(target as Target, probe as Probe, opts) };
}

// Typed handles of the first kinds, for callers and tests that know the kind; a new kind needs
// none (`probeModule('tcp')` when wanted).
export const redisProbe = probeModule('redis');
export const postgresProbe = probeModule('postgres');
export const httpProbe = probeModule('http');
export const prometheusProbe = probeModule('prometheus');

export const redisPanel = (target: TargetOf<'redis'>, opts?: ProbeOptions) =>
  readPanel<'redis'>(target, opts);
export const postgresPanel = (target: TargetOf<'postgres'>, opts?: ProbeOptions) =>
  readPanel<'postgres'>(target, opts);
