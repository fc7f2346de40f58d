/**
 * The floor `bench/ticks` measures Liftoff against: a bare `node:http` server, no Next.js, that
 * does what a tick does through the same code — `authenticate` (lib/auth) with the same API key,
 * the same role check, the same zod body schema, `patchItem` → `runWrite` (lib/runs) against the
 * same PostgreSQL and Redis, with the same listeners (live bus publish, notification hooks).
 * What is left between it and Liftoff is the framework and Liftoff's own per-request wrapping.
 *
 * Started as a child process by bench/ticks: `node --conditions=react-server --import tsx
 * bench/baseline-server.ts <port>` with DATABASE_URL and REDIS_URL set; prints `listening` when ready.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { errorStatus } from '@/lib/api/errors';
import { parseJsonText } from '@/lib/api/input';
import { authenticate } from '@/lib/auth/authenticate';
import { enablePrincipalCache } from '@/lib/auth/principal-cache';
import { hasAnyRole } from '@/lib/auth/roles';
import { LiftoffError } from '@/lib/core/errors';
import { parseWith } from '@/lib/core/validate';
import { getDb } from '@/lib/db/client';
import { publishRunWrites } from '@/lib/live';
import { recordRunNotificationsOnWrite } from '@/lib/notify/run-events';
import { getRedis } from '@/lib/redis/client';
import { itemPatchInput, patchItem } from '@/lib/runs';

const port = Number(process.argv[2] ?? 0);
publishRunWrites();
recordRunNotificationsOnWrite();
const deps = { db: await getDb(), redis: getRedis() };
// As start-up does (lib/server/boot.ts): the same credential cache.
enablePrincipalCache(deps.redis, false);

const ITEM_PATH = /^\/api\/v1\/runs\/([^/]+)\/items\/([^/]+)$/;

function send(res: http.ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') headers.set(name, value);
  }
  const principal = await authenticate(deps, headers, () => undefined);
  if (!principal) throw new LiftoffError('unauthorized', 'Log in or send an API key to use this.');
  if (req.method === 'GET' && req.url === '/api/v1/me') {
    return send(res, 200, { email: principal.email, name: principal.name, roles: principal.roles });
  }
  const match = req.method === 'PATCH' ? ITEM_PATH.exec(req.url ?? '') : null;
  if (!match) throw new LiftoffError('not_found', 'No such route.');
  if (!hasAnyRole(principal.roles, ['engineer', 'admin'])) {
    throw new LiftoffError('forbidden', 'This needs one of the roles: engineer.');
  }
  const patch = parseWith(itemPatchInput, parseJsonText(await readBody(req)));
  const ctx = {
    principal,
    requestId: randomUUID(),
    idempotencyKey: headers.get('idempotency-key') ?? undefined,
  };
  const result = await patchItem(deps.db, ctx, match[1]!, match[2]!, patch);
  send(res, 200, result.item);
}

const server = http.createServer((req, res) => {
  handle(req, res).catch((err: unknown) => {
    if (err instanceof LiftoffError) send(res, errorStatus[err.code], err.toJSON());
    else send(res, 500, { error: { code: 'internal', message: String(err) } });
  });
});
server.keepAliveTimeout = 65_000;
server.listen(port, '127.0.0.1', () => process.stdout.write('listening\n'));
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => server.close(() => process.exit(0)));
}
