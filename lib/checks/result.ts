/** The one result shape every probe kind returns (SPEC "Concepts"). */
import { z } from 'zod';

export interface ProbeResult {
  /** The probe reached the target and got an answer (for http: a response, whatever its status). */
  ok: boolean;
  /**
   * What `[VALUE]` reads: PONG, an INFO field, a count, a query's first cell, an expression's
   * value; for http the body (so `http:api GET /metrics contains x` works).
   */
  value: unknown;
  latencyMs: number;
  /** http only. */
  status?: number;
  /** http only: parsed JSON when the response is JSON, else the text. */
  body?: unknown;
  /** http only; names are matched case-insensitively. */
  headers?: Record<string, string>;
  /** ISO time the TLS certificate expires, when the connection used TLS. */
  certExpiresAt?: string;
  /** Why `ok` is false; never a connection string or a secret. */
  error?: string;
  /** ISO time of the measurement; also the reference for `[CERT_EXPIRY]`. */
  at: string;
}

/** For results that cross a boundary (cache, API): same shape as `ProbeResult`. */
export const probeResultSchema: z.ZodType<ProbeResult> = z.object({
  ok: z.boolean(),
  value: z.unknown(),
  latencyMs: z.number(),
  status: z.number().int().optional(),
  body: z.unknown().optional(),
  headers: z.record(z.string(), z.string()).optional(),
  certExpiresAt: z.string().optional(),
  error: z.string().optional(),
  at: z.string(),
});
