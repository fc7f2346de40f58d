/** The runs domain: create, tick, fill, sign, end and read runs; every change is audited. */
export { eventsSince, listAudit } from './audit';
export type { WriteContext } from './context';
export { type CreateRunInput, type CreateRunResult, createRun, createRunInput } from './create';
export { type FieldInput, type FieldWriteResult, fieldInput, setField } from './fields';
export { pruneIdempotencyKeys } from './idempotency';
export {
  type ItemNoteInput,
  type ItemStateInput,
  type ItemWriteResult,
  itemNoteInput,
  itemStateInput,
  setItemNote,
  setItemState,
} from './items';
export { type RunStatusInput, type RunStatusResult, runStatusInput, setRunStatus } from './lifecycle';
export { findRun, getRun, getRunSummary, type ListRunsOptions, listRuns } from './read';
export { reportJson, reportMarkdown } from './report';
export { type SignInput, type SignResult, signInput, signRun } from './signoff';
export { mappedRole, signerRoleFor } from './signoff-roles';
export * from './types';
