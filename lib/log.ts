/**
 * One-line structured logs. Values pass through `redact` so a connection string or password
 * that reaches a log call by accident is masked, not printed.
 */
type Level = 'debug' | 'info' | 'warn' | 'error';
const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

const threshold = (): number => order[(process.env.LIFTOFF_LOG_LEVEL as Level) ?? 'info'] ?? order.info;

/**
 * Masks credentials in URLs (`redis://:pw@host` → `redis://***@host`), `password=` pairs and the
 * parameters of a failed query's text (`params: …`, which can hold hashes and people's data).
 */
export function redact(text: string): string {
  return text
    .replace(/([a-z][a-z0-9+.-]*:\/\/)[^/\s@]+@/gi, '$1***@')
    .replace(/((?:password|passwd|pwd|secret|token)\s*[=:]\s*)[^\s&;,]+/gi, '$1***')
    .replace(/(params: )(?:[^"\\]|\\.)*/g, '$1***');
}

/**
 * What went wrong, in one line, for a log field. A failed database query (drizzle wraps the
 * driver's error as "Failed query: <statement> params: <values>") is told by its cause: the
 * cause ("connect ECONNREFUSED", "deadlock detected") is what an operator needs, and the
 * values can hold credentials' hashes and people's data.
 */
export function errorText(err: unknown): string {
  let e = err;
  for (let depth = 0; depth < 5 && e instanceof Error && e.message.startsWith('Failed query:'); depth++) {
    if (!e.cause) return 'a database query failed';
    e = e.cause;
  }
  if (e instanceof AggregateError && !e.message && e.errors.length) e = e.errors[0];
  return e instanceof Error ? e.message : String(e);
}

function write(level: Level, msg: string, fields?: Record<string, unknown>) {
  if (order[level] < threshold()) return;
  const line = JSON.stringify({ t: new Date().toISOString(), level, msg, ...fields });
  (level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(`${redact(line)}\n`);
}

export const log = {
  debug: (msg: string, fields?: Record<string, unknown>) => write('debug', msg, fields),
  info: (msg: string, fields?: Record<string, unknown>) => write('info', msg, fields),
  warn: (msg: string, fields?: Record<string, unknown>) => write('warn', msg, fields),
  error: (msg: string, fields?: Record<string, unknown>) => write('error', msg, fields),
};
