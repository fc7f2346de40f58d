import type { ErrorCode, LiftoffError } from '@/lib/core/errors';

/** The one table from error code to HTTP status. */
export const errorStatus: Record<ErrorCode, number> = {
  bad_request: 400,
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  stage_locked: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
};

/** The HTTP response for a domain error: status from the table, headers from its options. */
export function errorResponse(err: LiftoffError, requestId: string): Response {
  const headers: Record<string, string> = { 'x-request-id': requestId };
  if (err.options.retryAfterSeconds !== undefined)
    headers['Retry-After'] = String(err.options.retryAfterSeconds);
  return Response.json(err.toJSON(), { status: errorStatus[err.code], headers });
}
