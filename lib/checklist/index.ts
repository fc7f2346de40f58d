/** Public API of the checklist parser. */
export { type ChecklistDiff, diffChecklists, type ItemChange, type ItemChangeKind } from './diff';
export { type ParseJson, parseJsonSchema, toParseJson } from './json';
export * from './model';
export { renderOutline } from './outline';
export { parseChecklist } from './parse';
