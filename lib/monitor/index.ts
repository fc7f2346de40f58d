/**
 * The probe scheduler, its sample history and the health overview built from it. The app's
 * boot calls `startMonitor()`; only the elected leader among Liftoff instances probes.
 */
export { type EvaluateInput, type EvaluateResult, evaluateCheck, evaluateInput } from './evaluate';
export { pruneHistory, type Retention, type RollupResult, rollupMinutes } from './history';
export { LEADER_KEY, LEADER_LOCK_ID, LeaderElection, type Leadership } from './leader';
export { monitorDisabled, monitorIsLeader, startMonitor, stopMonitor } from './lifecycle';
export { allTargets, Monitor, type MonitorOptions } from './monitor';
export {
  environmentOrThrow,
  type HealthOverview,
  healthOverview,
  type OverviewDeps,
  parseRange,
} from './overview';
export { clearPanelCache, type TargetPanel } from './panels';
export { sampleTarget } from './sample-target';
export { ProbeScheduler, type SampleFn, type SchedulerStats } from './scheduler';
export { HEALTH_RANGES, type HealthRange, type HitRatePoint, type LatencyPoint, RANGE_PLANS } from './series';
export type { InstanceHealth, InstanceStatus, OverallStatus, TargetHealth, TargetStatus } from './status';
export type { Sample } from './types';
