/** One change to a run as it travels to browsers. `id` is the audit event id (null for presence). */
export interface LiveEvent {
  id: number | null;
  runId: string;
  type: string;
  data: unknown;
}

/** Reads persisted events after `afterId` (plus a recent window, as ids can commit out of order). */
export type EventSource = (runIds: string[], afterId: number, lookbackMs: number) => Promise<LiveEvent[]>;

export type Listener = (event: LiveEvent) => void;
