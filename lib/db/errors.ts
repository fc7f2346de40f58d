/** Error codes that mean "the database cannot be reached", from Node's net layer or PostgreSQL. */
const UNAVAILABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'EPIPE',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
]);

/** Walks the cause chain (drizzle wraps driver errors) looking for a code that matches. */
function hasCode(err: unknown, matches: (code: string) => boolean): boolean {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; depth++) {
    if (typeof e.code === 'string' && matches(e.code)) return true;
    if (e instanceof AggregateError && e.errors.some((x) => hasCode(x, matches))) return true;
    e = e.cause as typeof e;
  }
  return false;
}

/** The database cannot be reached. */
export const isConnectionError = (err: unknown) => hasCode(err, (c) => UNAVAILABLE.has(c));

/** A unique index refused the row (23505): someone else wrote the same key first. */
export const isUniqueViolation = (err: unknown) => hasCode(err, (c) => c === '23505');
