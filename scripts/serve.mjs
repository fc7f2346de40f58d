/**
 * Serves the built app (what `npm start` and the e2e suite run). Next's own server leaves a
 * client's X-Forwarded-For as the client wrote it; this one writes the TCP peer's address into
 * `x-liftoff-peer` on every request, replacing whatever a client sent, so per-address rate
 * limits key on an address nobody can choose (lib/auth/client-address.ts). It also answers the
 * hottest API route, the tick, through its own handler without Next.js's pipeline
 * (app/direct-routes.ts; LIFTOFF_DIRECT_ROUTES=off sends it through Next.js too).
 * Usage: node scripts/serve.mjs [port] [host]
 */
import http from 'node:http';
import next from 'next';

const port = Number(process.argv[2] ?? process.env.PORT ?? 3000);
const hostname = process.argv[3] ?? process.env.HOSTNAME ?? '0.0.0.0';
const PEER_HEADER = 'x-liftoff-peer';

const app = next({ dev: false, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();
globalThis.__liftoffPeerHeader = true;

const server = http.createServer((req, res) => {
  req.headers[PEER_HEADER] = req.socket.remoteAddress ?? 'unknown';
  // The hottest API routes, registered by instrumentation.ts (app/direct-routes.ts) once boot
  // is done; until then, and for everything else, Next.js serves.
  if (globalThis.__liftoffDirect?.(req, res)) return;
  handle(req, res);
});
server.listen(port, hostname, () => {
  console.log(`liftoff: listening on http://${hostname}:${port}`);
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    server.close();
    // Let boot's own signal handlers hand back monitor leadership, then leave.
    setTimeout(() => process.exit(0), 500).unref();
  });
}
