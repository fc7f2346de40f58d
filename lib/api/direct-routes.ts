import 'server-only';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { NextRequest } from 'next/server';
import { errorText, log } from '@/lib/log';
import securityHeaders from './security-headers.json';

/**
 * A route handler exactly as its `app/**\/route.ts` exports it. Its answer is buffered and sent
 * uncompressed: small JSON only (a stream, an SSE route or a large view stays with Next.js).
 */
export type RouteHandler<P> = (req: NextRequest, segment: { params: Promise<P> }) => Promise<Response>;

export interface DirectRoute {
  method: string;
  /** `/api/v1/runs/:id/items/:itemId`: literal segments and `:name` parameters. */
  path: string;
  // biome-ignore lint/suspicious/noExplicitAny: each route declares its own params shape.
  handler: RouteHandler<any>;
}

/** Serves a request when it is one of the direct routes; false hands it to Next.js. */
export type DirectServer = (req: IncomingMessage, res: ServerResponse) => boolean;

export interface Compiled {
  method: string;
  segments: string[];
  handler: DirectRoute['handler'];
}

export const compileRoutes = (routes: DirectRoute[]): Compiled[] =>
  routes.map((r) => ({ method: r.method, segments: r.path.split('/'), handler: r.handler }));

const API_HEADERS = [...securityHeaders.common, ...securityHeaders.noContent];

/** The route and its decoded parameters a request line names, or null (Next.js serves it). */
export function matchRoute(routes: Compiled[], method: string, url: string) {
  const q = url.indexOf('?');
  const parts = (q === -1 ? url : url.slice(0, q)).split('/');
  for (const route of routes) {
    if (route.method !== method || route.segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < parts.length && ok; i++) {
      const want = route.segments[i] ?? '';
      const part = parts[i] ?? '';
      if (want.startsWith(':')) {
        // A malformed escape is not this route's: Next.js answers it as it always has.
        try {
          params[want.slice(1)] = decodeURIComponent(part);
        } catch {
          ok = false;
        }
        ok &&= part !== '';
      } else ok = want === part;
    }
    if (ok) return { route, params };
  }
  return null;
}

/**
 * From the parsed headers, as Next.js reads them: they carry what scripts/serve.mjs wrote over
 * a client's (the peer address rate limits key on), which the raw header list does not.
 */
function webHeaders(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  return headers;
}

/** Past this much unread body after an answer (a 413, a 401), the connection is dropped instead. */
const MAX_DRAIN_BYTES = 1024 * 1024;

/**
 * What a handler did not read of the body is read and discarded once the answer is out, as
 * Next.js does: the connection stays usable and the client gets the answer rather than a reset.
 * A client that keeps sending past MAX_DRAIN_BYTES is cut off.
 */
function discardRest(req: IncomingMessage) {
  if (req.complete) return;
  let drained = 0;
  req.removeAllListeners('data');
  req.on('data', (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > MAX_DRAIN_BYTES) req.socket.destroy();
  });
  req.resume();
}

/**
 * The request body as a web stream, read from the socket only when the handler reads it (a
 * request refused before its body is read must not have been put in flowing mode).
 */
function bodyStream(req: IncomingMessage): ReadableStream<Uint8Array> {
  let open = true;
  let listening = false;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (!listening) {
        listening = true;
        req.on('data', (chunk: Buffer) => {
          if (!open) return;
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 0) <= 0) req.pause();
        });
        req.once('end', () => {
          if (open) controller.close();
          open = false;
        });
        req.once('error', (err) => {
          if (open) controller.error(err);
          open = false;
        });
      }
      req.resume();
    },
    cancel() {
      open = false;
    },
  });
}

async function send(res: ServerResponse, response: Response) {
  for (const { key, value } of API_HEADERS) res.setHeader(key, value);
  for (const [key, value] of response.headers) if (key !== 'set-cookie') res.setHeader(key, value);
  const cookies = response.headers.getSetCookie();
  if (cookies.length) res.setHeader('set-cookie', cookies);
  const body = Buffer.from(await response.arrayBuffer());
  res.statusCode = response.status;
  res.setHeader('content-length', body.length);
  res.end(body);
}

/** The request's URL as Next.js builds it; a Host header no URL accepts counts as localhost. */
function requestUrl(req: IncomingMessage): URL {
  const path = req.url ?? '/';
  try {
    return new URL(path, `http://${req.headers.host ?? 'localhost'}`);
  } catch {
    return new URL(path, 'http://localhost');
  }
}

async function serve(
  req: IncomingMessage,
  res: ServerResponse,
  found: NonNullable<ReturnType<typeof matchRoute>>,
) {
  try {
    const method = req.method ?? 'GET';
    const hasBody = method !== 'GET' && method !== 'HEAD';
    const init = {
      method,
      headers: webHeaders(req),
      body: hasBody ? bodyStream(req) : undefined,
      // A streamed request body must say so (fetch's rule for bodies without a known length).
      duplex: 'half',
    };
    const request = new NextRequest(requestUrl(req), init as ConstructorParameters<typeof NextRequest>[1]);
    await send(res, await found.route.handler(request, { params: Promise.resolve(found.params) }));
    discardRest(req);
  } catch (err) {
    // route() answers every error of its own; this is the adapter failing (a dropped socket).
    log.error('direct route failed', { error: errorText(err) });
    if (!res.headersSent) {
      res.statusCode = 500;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ error: { code: 'internal', message: 'Something went wrong on our side.' } }));
    } else res.destroy();
    discardRest(req);
  }
}

/**
 * The hottest API routes served by the production server (scripts/serve.mjs) without Next.js's
 * request pipeline: the same exported handler, so the same authentication, role, origin, body
 * and error rules, fed a `NextRequest` built straight from the socket. Next.js's routing,
 * tracing and stream adaptation cost a tick about 2 ms of CPU, more than the tick itself.
 * Everything else, and every request these routes do not match, goes to Next.js.
 */
export function directServer(routes: DirectRoute[]): DirectServer {
  const compiled = compileRoutes(routes);
  return (req, res) => {
    const found = matchRoute(compiled, req.method ?? 'GET', req.url ?? '/');
    if (!found) return false;
    void serve(req, res, found);
    return true;
  };
}
