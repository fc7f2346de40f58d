import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileRoutes, directServer, matchRoute } from './direct-routes';

const handler = async () => new Response(null);
const routes = compileRoutes([{ method: 'PATCH', path: '/api/v1/runs/:id/items/:itemId', handler }]);
const match = (method: string, url: string) => matchRoute(routes, method, url)?.params ?? null;

describe('which requests the production server answers without Next.js', () => {
  it('takes a tick and decodes its parameters as Next.js does', () => {
    expect(match('PATCH', '/api/v1/runs/r1/items/deploy-api-1x')).toEqual({
      id: 'r1',
      itemId: 'deploy-api-1x',
    });
    expect(match('PATCH', '/api/v1/runs/r1/items/a%20b%2Fc?x=1')).toEqual({ id: 'r1', itemId: 'a b/c' });
  });

  it('leaves every other request to Next.js', () => {
    expect(match('GET', '/api/v1/runs/r1/items/i1')).toBeNull();
    expect(match('HEAD', '/api/v1/runs/r1/items/i1')).toBeNull();
    // Next.js redirects a trailing slash and answers the others with 404 or its own route.
    expect(match('PATCH', '/api/v1/runs/r1/items/i1/')).toBeNull();
    expect(match('PATCH', '/api/v1/runs/r1/items/i1/verify')).toBeNull();
    expect(match('PATCH', '/api/v1/runs//items/i1')).toBeNull();
    expect(match('PATCH', '//api/v1/runs/r1/items/i1')).toBeNull();
    expect(match('PATCH', '/API/v1/runs/r1/items/i1')).toBeNull();
    // A malformed escape is Next.js's to refuse.
    expect(match('PATCH', '/api/v1/runs/r1/items/%E0%A4%A')).toBeNull();
  });
});

describe('the adapter between the socket and a route handler', () => {
  let server: http.Server;
  let base: string;
  beforeAll(async () => {
    const direct = directServer([
      {
        method: 'POST',
        path: '/echo/:name',
        handler: async (req, { params }) => {
          const out = new Response(
            JSON.stringify({
              name: (await params).name,
              peer: req.headers.get('x-liftoff-peer'),
              cookie: req.cookies.get('a')?.value ?? null,
              body: await req.text(),
            }),
            { headers: { 'content-type': 'application/json' } },
          );
          out.headers.append('set-cookie', 'x=1; Path=/');
          out.headers.append('set-cookie', 'y=2; Path=/');
          return out;
        },
      },
      // Refuses without reading the body, as an unauthenticated or oversized request is.
      { method: 'POST', path: '/refuse', handler: async () => new Response('{}', { status: 401 }) },
    ]);
    server = http.createServer((req, res) => {
      // What scripts/serve.mjs does before anything else.
      req.headers['x-liftoff-peer'] = '10.1.2.3';
      if (!direct(req, res)) res.writeHead(404).end('next');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('hands over params, cookies, the body and the peer the server wrote, never the client’s', async () => {
    const res = await fetch(`${base}/echo/a%20b`, {
      method: 'POST',
      headers: { 'x-liftoff-peer': '6.6.6.6', cookie: 'a=apple' },
      body: 'hello',
    });
    expect(await res.json()).toEqual({ name: 'a b', peer: '10.1.2.3', cookie: 'apple', body: 'hello' });
    expect(res.headers.getSetCookie()).toEqual(['x=1; Path=/', 'y=2; Path=/']);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect((await fetch(`${base}/elsewhere`)).status).toBe(404);
  });

  it('answers a refused upload and keeps the connection usable for the next request', async () => {
    const big = 'x'.repeat(600_000);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const post = (p: string, body: string) =>
      new Promise<number>((resolve, reject) => {
        const req = http.request(`${base}${p}`, { method: 'POST', agent }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.end(body);
      });
    expect(await post('/refuse', big)).toBe(401);
    expect(await post('/echo/again', 'small')).toBe(200);
    agent.destroy();
  });

  it('cuts off a client that keeps sending after its answer, instead of reading for ever', async () => {
    // A raw socket: the answer comes back while the upload goes on; only the server can end it.
    const LIMIT = 64 * 1024 * 1024;
    const chunk = Buffer.from(`${(64 * 1024).toString(16)}\r\n${'x'.repeat(64 * 1024)}\r\n`);
    const { port } = new URL(base);
    const outcome = await new Promise<{ answer: string; sent: number }>((resolve) => {
      const socket = net.connect(Number(port), '127.0.0.1');
      let answer = '';
      let sent = 0;
      socket.on('data', (d) => {
        answer += d;
      });
      const pump = () => {
        while (sent < LIMIT && !socket.destroyed) {
          sent += 64 * 1024;
          if (!socket.write(chunk)) return void socket.once('drain', pump);
        }
        if (!socket.destroyed) socket.end('0\r\n\r\n');
      };
      socket.on('error', () => {});
      socket.on('close', () => resolve({ answer, sent }));
      socket.write('POST /refuse HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n', pump);
    });
    expect(outcome.answer).toMatch(/^HTTP\/1\.1 401/);
    expect(outcome.sent).toBeLessThan(LIMIT);
  });

  it('serves a request whose Host header is not a host', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        `${base}/echo/host`,
        { method: 'POST', headers: { host: 'bad host[' } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end('x');
    });
    expect(status).toBe(200);
  });
});
