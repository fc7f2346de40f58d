/** Public surface of the check library. Pure: runs on the server and in the browser. */
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
export { parseCheck, validateCheck } from './parser';
export { evaluatePromExpr, type PromSample, type PromScrape, type PromValue } from './prom';
export { type ProbeResult, probeResultSchema } from './result';
export { checkReadOnlySql, isReadOnlySql, type SqlVerdict } from './sql';
export { redactSecrets, remapTarget, type SuggestedCheck, type SuggestInput, suggestChecks } from './suggest';
export { formatBytes, formatDuration, parseDuration, parseSize } from './units';
