import 'server-only';
import { loadTargetsConfig, setTargetsConfig, type TargetsConfig } from '@/lib/config/targets';
import { closeProbeClients } from './clients';

/**
 * Live probes of configured targets: one file per kind (./kinds) known through one registry
 * (./registry), one shared runner (./runner), one result shape, never throwing.
 */

export { closeProbeClients } from './clients';
export { certificateExpiry, urlOnInstance } from './http-fetch';
export type { PostgresPanel } from './kinds/postgres';
export type { RedisPanel } from './kinds/redis';
export type { PanelResult } from './panel';
export { READ_ONLY_MESSAGE } from './postgres-query';
export { type ProbeRoleReport, probeRoleWarnings } from './postgres-role';
export type { HitRateSample } from './redis-info';
export { instancesOf, PROBE_KINDS, TARGET_KINDS, type TargetKind } from './registry';
export {
  type CheckInstanceResult,
  type CheckRun,
  type CheckRunError,
  impliedConditions,
  probeTarget,
  runCheck,
} from './run-check';
export {
  httpProbe,
  postgresPanel,
  postgresProbe,
  prometheusProbe,
  readPanel,
  redisPanel,
  redisProbe,
} from './runner';
export { setSelfStore } from './self';
export type { ProbeModule, ProbeOptions, ProbeResult, SelfStore } from './types';

/**
 * Re-reads the config (default LIFTOFF_CONFIG) and, only when it is valid, makes it the
 * process's configuration and closes every cached probe connection. Throws TargetsConfigError
 * (and keeps the old configuration) when it is not.
 */
export async function reloadTargets(
  path?: string,
  env?: Record<string, string | undefined>,
): Promise<TargetsConfig> {
  const next = loadTargetsConfig(path, env);
  setTargetsConfig(next);
  await closeProbeClients();
  return next;
}
