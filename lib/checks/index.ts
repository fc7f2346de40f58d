/**
 * Public surface of the check library, for the server (the SQL screen loads PostgreSQL's parser).
 * Browser code imports only `./target-ref` (and `./units`): the grammar lives in the probe
 * registry, with server code.
 */
export * from './ast';
export {
  type ConditionDetail,
  type Evaluation,
  evaluateCheck,
  evaluateCondition,
  evaluateConditions,
  readSubject,
} from './evaluate';
export { formatCheck, formatCondition, formatPath, formatProbe, formatSubject } from './format';
export { parseCheck } from './parser';
export { parseAllowedCheck, policyViolation, validateCheck } from './policy';
export { evaluatePromExpr, type PromSample, type PromScrape, type PromValue } from './prom';
export { type ProbeResult, probeResultSchema } from './result';
export { checkReadOnlySql, isReadOnlySql, type SqlVerdict, sqlScreenReady } from './sql';
export { redactSecrets, remapTarget, type SuggestedCheck, type SuggestInput, suggestChecks } from './suggest';
export { formatBytes, formatDuration, parseDuration, parseSize } from './units';
