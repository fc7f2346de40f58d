/**
 * Read-model and event shapes of runs, as the API returns them: plain JSON (ISO dates), so a
 * stored idempotent response replays byte for byte.
 */
import type { CodeBlock, Field, SuggestedCheck } from '@/lib/checklist/model';
import type { ActorKind, FieldValue, ItemState, RunTerminalStatus, StageRole } from '@/lib/db/schema';

export type { ActorKind, FieldValue, ItemState, RunTerminalStatus, StageRole };

export const ITEM_STATES = ['open', 'done', 'skipped', 'failed'] as const satisfies readonly ItemState[];
export const RUN_STATUSES = [
  'not_started',
  'in_progress',
  'completed',
  'verified',
  'aborted',
  'rolled_back',
] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const AUDIT_ACTIONS = [
  'run.create',
  'item.state',
  'item.note',
  'field.set',
  'run.status',
  'signoff.sign',
  'check.verify',
  'item.reverify',
  'stage.start',
  'stage.gate_pass',
  'trigger.fire',
  'trigger.resolve',
  'trigger.ack',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface ActorRef {
  userId: string | null;
  name: string;
  kind: ActorKind;
  apiKeyId?: string;
}

export interface Progress {
  /** Non-reference items that are done or skipped. */
  done: number;
  /** Non-reference items. */
  total: number;
}

/** The changing part of an item: what an item write returns and what its events carry. */
export interface RunItemState {
  id: string;
  state: ItemState;
  version: number;
  /** Who set the current state, and when. */
  by?: ActorRef;
  at?: string;
  /** 'check' when a bound check set the state. */
  via?: 'check';
  note?: string;
  noteBy?: string;
  noteAt?: string;
  evidence?: unknown;
  /** The bound check re-runs this often while the run is open. */
  reverifyEveryMs?: number;
}

/** An item of a run: the template's item (text, place, check) with its state in this run. */
export interface RunItemView extends RunItemState {
  text: string;
  reference: boolean;
  /** In a staged run: the item's stage and its part (prerequisite, step, recurring). */
  stageId?: string;
  stageRole?: StageRole;
  /** Why the item cannot be changed now (its stage is locked or not started); absent when it can. */
  locked?: string;
  sectionId: string | null;
  parentId: string | null;
  children: string[];
  check?: string;
  suggestedChecks: SuggestedCheck[];
  code: CodeBlock[];
  details?: string;
}

export interface RunSectionView {
  id: string;
  title: string;
  level: number;
  parentId: string | null;
  reference: boolean;
  code: CodeBlock[];
  content: string;
  /** Items of the section and its subsections. */
  progress: Progress;
}

export interface SignoffView {
  /** The role as the template names it. */
  role: string;
  /** The user role that may sign the row. */
  userRole: string;
  name?: string;
  userId?: string;
  at?: string;
  comment?: string;
  signature?: string;
  /** The OpenID issuer and subject of a signer who signed in through single sign-on. */
  issuer?: string;
  subject?: string;
  /** true when the run changed after this signature. */
  stale?: boolean;
}

/** What a run's page and the runs list both show about it. */
interface RunHeader {
  id: string;
  status: RunStatus;
  /** Version of the run-level data (fields, status); items carry their own. */
  version: number;
  title: string;
  environment: string;
  releaseVersion?: string;
  templateId: string;
  templateVersion: number;
  templateName: string;
  createdAt: string;
  startedAt?: string;
  endedAt?: string;
  statusReason?: string;
  progress: Progress;
  /** Rollback triggers firing now (not acknowledged): the run needs a response. */
  firing: number;
}

export type StageState = 'locked' | 'ready' | 'active' | 'finished';
export type TriggerState = 'ok' | 'pending' | 'firing' | 'acknowledged' | 'resolved';

export interface GateCheckView {
  itemId: string;
  check: string;
  /** The soak: how long the condition must have held. */
  neededMs: number;
  /** How long it has held so far (0 when it does not hold now). */
  heldForMs: number;
  ok: boolean;
  value?: unknown;
  error?: string;
  observedAt?: string;
}

export interface StageGateView {
  /** Prerequisite items: ok when done. */
  items: { itemId: string; text: string; ok: boolean }[];
  checks: GateCheckView[];
  /** Prerequisites met (items done, soaks held) out of all. */
  met: number;
  total: number;
  passes: boolean;
}

export interface TriggerView {
  id: string;
  text: string;
  check?: string;
  /** The bad condition as written (`> 0.05`), for "value vs threshold". */
  threshold?: string;
  forMs: number;
  /** Evaluated now: a bound check on an open run whose stage has started. */
  watched: boolean;
  state: TriggerState;
  value?: unknown;
  /** When the current state began (pending/firing: when the condition went bad). */
  since?: string;
  firedAt?: string;
  resolvedAt?: string;
  ackUntil?: string;
  ackNote?: string;
  ackBy?: string;
  error?: string;
  observedAt?: string;
  /** Recent observations `[epochMs, value]`. */
  history: [number, number | null][];
}

export interface OccurrenceView {
  periodStart: string;
  periodEnd: string;
  /** `missed`: a past period nobody did. */
  state: ItemState | 'missed';
  by?: ActorRef;
  at?: string;
  via?: 'check';
  note?: string;
  evidence?: unknown;
}

export interface RecurringView {
  itemId: string;
  every: string;
  everyMs: number;
  /** This period's occurrence; null while the stage has not started. */
  current: OccurrenceView | null;
  /** Past periods, oldest first (at most the last 30). */
  past: OccurrenceView[];
}

export interface RunStageView {
  id: string;
  sectionId: string;
  title: string;
  position: number;
  state: StageState;
  startedAt?: string;
  startedBy?: string;
  forced?: boolean;
  forceReason?: string;
  /** Locked: the stage that must finish first. */
  waitingFor?: string;
  /** The stage's own steps (prerequisites and recurring items not counted). */
  progress: Progress;
  gate: StageGateView;
  triggers: TriggerView[];
  recurring: RecurringView[];
}

export interface RunView extends RunHeader {
  /** Staged with gates: later stages stay locked until started. */
  gated: boolean;
  /** The rollout's stages in order; empty for a checklist that is not staged. */
  stages: RunStageView[];
  items: RunItemView[];
  sections: RunSectionView[];
  fields: Record<string, FieldValue>;
  fieldDefs: Field[];
  signoffs: SignoffView[];
  /** SHA-256 of the current snapshot; pass it back when signing to sign exactly what was shown. */
  snapshot: string;
}

export interface RunSummary extends RunHeader {
  /** Current (not stale) sign-offs against the template's sign-off roles. */
  signoffs: { signed: number; total: number };
}

/** One audit row in API shape; `id` doubles as the Server-Sent Events id. */
export interface RunEvent {
  id: number;
  runId: string;
  action: AuditAction;
  actor: ActorRef;
  /** The item id, field key or sign-off role the event is about. */
  subject?: string;
  before: unknown;
  after: unknown;
  note?: string;
  at: string;
  requestId?: string;
}

/** What every write returns: `replayed` is true when an Idempotency-Key matched a stored response. */
export type WriteResult<T> = T & { replayed: boolean };
