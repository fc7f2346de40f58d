import http from 'node:http';

/**
 * Ports of the two service instances the e2e `staging` environment probes: the server's port
 * plus 81 and 82 (3291, 3292 by default), so checkouts can run their suites side by side.
 */
const BASE = Number(process.env.E2E_PORT ?? 3210);
export const INSTANCE_PORTS = [BASE + 81, BASE + 82] as const;

/**
 * Two small service instances for the health page: each answers GET /health with JSON. They
 * live in the test runner for the whole run; the Liftoff server probes them every second.
 */
export default async function globalSetup() {
  const servers = await Promise.all(
    INSTANCE_PORTS.map(
      (port, i) =>
        new Promise<http.Server>((resolve, reject) => {
          const server = http.createServer((req, res) => {
            res.setHeader('content-type', 'application/json');
            res.end(JSON.stringify({ status: 'ok', instance: `api-${i + 1}`, path: req.url }));
          });
          server.once('error', reject);
          server.listen(port, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  return async () => {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  };
}
