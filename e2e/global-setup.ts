import http from 'node:http';

/**
 * Ports of the two service instances the e2e `staging` environment probes: the server's port
 * plus 81 and 82 (3291, 3292 by default), so checkouts can run their suites side by side.
 */
const BASE = Number(process.env.E2E_PORT ?? 3210);
export const INSTANCE_PORTS = [BASE + 81, BASE + 82] as const;

/** Sets a gauge on the first instance's /metrics (what a rollback trigger in a test watches). */
export async function setMetric(name: string, value: number): Promise<void> {
  const res = await fetch(`http://127.0.0.1:${INSTANCE_PORTS[0]}/metrics/set?${name}=${value}`, {
    method: 'POST',
  });
  if (!res.ok) throw new Error(`could not set ${name}: HTTP ${res.status}`);
}

/**
 * Two small service instances for the health page: each answers GET /health with JSON and
 * GET /metrics with gauges the tests set (POST /metrics/set?name=value). They live in the test
 * runner for the whole run; the Liftoff server probes them every second.
 */
export default async function globalSetup() {
  const gauges: Record<string, number> = { failure_ratio: 0.01 };
  const servers = await Promise.all(
    INSTANCE_PORTS.map(
      (port, i) =>
        new Promise<http.Server>((resolve, reject) => {
          const server = http.createServer((req, res) => {
            const url = new URL(req.url ?? '/', 'http://x');
            if (url.pathname === '/metrics/set' && req.method === 'POST') {
              for (const [k, v] of url.searchParams) if (/^[a-z_]+$/.test(k)) gauges[k] = Number(v);
              res.end('ok');
              return;
            }
            if (url.pathname === '/metrics') {
              res.setHeader('content-type', 'text/plain; version=0.0.4');
              res.end(
                `${Object.entries(gauges)
                  .map(([k, v]) => `${k} ${v}`)
                  .join('\n')}\n`,
              );
              return;
            }
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
