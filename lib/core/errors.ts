/**
 * The one error type of Liftoff's domain code. It carries a code from a closed union and a
 * message written for a person; transports (HTTP in `lib/api`, the CLI) map the code once.
 * Callers decide by code, never by message text, and messages never carry internals.
 */
export const ERROR_CODES = [
  'bad_request',
  'validation_failed',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  /** A staged run's item or stage that cannot change until an earlier stage finishes or starts. */
  'stage_locked',
  'payload_too_large',
  'unsupported_media_type',
  'unprocessable',
  'rate_limited',
  'internal',
  'unavailable',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface LiftoffErrorOptions {
  /** When the caller may try again (rate limits); transports turn it into Retry-After. */
  retryAfterSeconds?: number;
}

export class LiftoffError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    readonly options: LiftoffErrorOptions = {},
  ) {
    super(message);
    this.name = 'LiftoffError';
  }

  toJSON() {
    return {
      error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) },
    };
  }
}
