import 'server-only';
import type { Probe } from '@/lib/checks/ast';
import type { Target } from '@/lib/config/targets';
import type { ProbeOptions } from '@/lib/probes';
import type { KindSample } from '@/lib/probes/kind';
import { kindSpec } from '@/lib/probes/registry';
import { probeTarget } from '@/lib/probes/runner';
import { type Sample, shortError } from './types';

/**
 * One scheduler tick of one target: the probes its kind samples for the health page (each
 * under the target's timeout, through the shared runner), as sample rows (one per instance of
 * a multi-instance target). Never throws: probes never do.
 */

export type SampleOptions = Pick<ProbeOptions, 'signal' | 'selfStore'>;

function row(target: Target, s: KindSample): Sample {
  const r = s.result;
  const ok = s.up ?? r.ok;
  return {
    environment: target.environment,
    target: target.key,
    kind: target.kind,
    instance: s.instance ?? '',
    ok,
    latencyMs: r.latencyMs,
    value: s.value ?? null,
    hitRate: s.hitRate ?? null,
    error: ok ? null : shortError(s.error ?? r.error ?? 'failed'),
    at: new Date(r.at),
  };
}

export async function sampleTarget(target: Target, opts: SampleOptions = {}): Promise<Sample[]> {
  const samples = await kindSpec(target.kind).sample(target, {
    probe: (probe, extra) => probeTarget(target, probe as Probe, { ...opts, ...extra }),
  });
  return samples.map((s) => row(target, s));
}
