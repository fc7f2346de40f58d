import 'server-only';
import { loadTargetsConfig, setTargetsConfig, type TargetsConfig } from '@/lib/config/targets';
import { closeProbeClients } from './clients';

/** Live probes of configured targets: one module per kind, one result shape, never throwing. */

export { closeProbeClients } from './clients';
export { certificateExpiry, httpProbe, urlOnInstance } from './http';
export type { PanelResult } from './panel';
export { type PostgresPanel, postgresPanel, postgresProbe, READ_ONLY_MESSAGE } from './postgres';
export { type ProbeRoleReport, probeRoleWarnings } from './postgres-role';
export { prometheusProbe } from './prometheus';
export { type RedisPanel, redisPanel, redisProbe } from './redis';
export type { HitRateSample } from './redis-info';
export {
  type CheckInstanceResult,
  type CheckRun,
  type CheckRunError,
  impliedConditions,
  probeTarget,
  runCheck,
} from './run-check';
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
