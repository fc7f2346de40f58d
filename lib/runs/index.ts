/** The runs domain: create, tick, fill, sign, end and read runs; every change is audited. */
export { eventsSince, listAudit } from './audit';
export type { WriteContext } from './context';
export { type CreateRunInput, type CreateRunResult, createRun, createRunInput } from './create';
export {
  type FieldInput,
  type FieldsPatch,
  type FieldWriteResult,
  fieldInput,
  fieldsPatchInput,
  setField,
  setFields,
} from './fields';
export { pruneIdempotencyKeys } from './idempotency';
export {
  type CheckOutcome,
  type ItemNoteInput,
  type ItemPatch,
  type ItemStateInput,
  type ItemWriteResult,
  itemNoteInput,
  itemPatchInput,
  itemStateInput,
  patchItem,
  recordCheckOutcome,
  setItemNote,
  setItemState,
} from './items';
export { type RunStatusInput, type RunStatusResult, runStatusInput, setRunStatus } from './lifecycle';
export { findRun, getRun, getRunSummary, type ListRunsOptions, listRuns } from './read';
export { reportJson, reportMarkdown, runReportMarkdown } from './report';
export { type SignInput, type SignResult, signInput, signRun } from './signoff';
export { mappedRole, signerRoleFor } from './signoff-roles';
export { type RunSnapshot, runSnapshot } from './snapshot-cache';
export {
  type AckTriggerInput,
  acknowledgeTrigger,
  ackTriggerInput,
  type StartStageInput,
  startStage,
  startStageInput,
} from './stages';
export * from './types';
export { onRunEvent, runWrite, type WriteOutput } from './write';
