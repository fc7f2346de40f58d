import 'server-only';
import { randomUUID } from 'node:crypto';
import type { NextRequest } from 'next/server';
import type { z } from 'zod';
import { authenticate } from '@/lib/auth/authenticate';
import { crossSiteReason, isStateChanging } from '@/lib/auth/origin';
import type { Principal, RequestDeps } from '@/lib/auth/principal';
import { hasAnyRole, type Role } from '@/lib/auth/roles';
import { env } from '@/lib/config/env';
import { LiftoffError } from '@/lib/core/errors';
import { isConnectionError } from '@/lib/db/errors';
import { databaseReachable } from '@/lib/health/check';
import { errorText, log } from '@/lib/log';
import { metrics } from '@/lib/metrics/registry';
import { requestDeps } from '@/lib/server/deps';
import { errorResponse } from './errors';
import { readJson } from './input';

type Access = 'public' | 'user' | readonly Role[];

export interface RouteContext<P> {
  req: NextRequest;
  params: P;
  deps: RequestDeps;
  requestId: string;
  /** Present unless the route is public. */
  principal: Principal;
  /** Parses the JSON body with the schema; clear 400/413/415 on bad input. */
  body<S extends z.ZodType>(schema: S, opts?: { maxBytes?: number }): Promise<z.infer<S>>;
}

/** Under this size gzip costs more CPU than it saves bytes (the compression middleware's own threshold). */
const COMPRESS_MIN_BYTES = 1024;

/**
 * A JSON answer. Next.js gzips every answer whose length it cannot see (it drops
 * Content-Length from route responses), so a small body is marked `no-transform`, which the
 * compression middleware honours: most API answers are a few hundred bytes, and compressing
 * them was a tenth of the CPU a tick cost.
 */
export function json(data: unknown, status = 200, headers?: Record<string, string>): Response {
  const body = JSON.stringify(data);
  const out: Record<string, string> = { 'content-type': 'application/json', ...headers };
  if (body.length < COMPRESS_MIN_BYTES) {
    const cache = out['cache-control'];
    if (!cache) out['cache-control'] = 'no-transform';
    else if (!/no-transform/i.test(cache)) out['cache-control'] = `${cache}, no-transform`;
  }
  return new Response(body, { status, headers: out });
}

async function toLiftoffError(err: unknown, requestId: string, name: string): Promise<LiftoffError> {
  if (err instanceof LiftoffError) return err;
  if (isConnectionError(err) || !(await databaseReachable())) {
    return new LiftoffError(
      'unavailable',
      'The database is unavailable right now. Nothing was changed; try again shortly.',
    );
  }
  log.error('request failed', {
    route: name,
    requestId,
    error: errorText(err),
  });
  return new LiftoffError(
    'internal',
    `Something went wrong on our side. It was logged with request id ${requestId}.`,
  );
}

/** A client's request id is kept only when it is a plain short token (it lands in the audit log). */
const REQUEST_ID_RE = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
export function requestIdOf(headers: Headers): string {
  const sent = headers.get('x-request-id')?.trim();
  return sent && REQUEST_ID_RE.test(sent) ? sent : randomUUID();
}

/**
 * A state-changing request that rides a browser's cookie (or logs in) must come from
 * Liftoff's own pages; API keys are not sent by browsers on their own, so they pass.
 */
function refuseCrossSite(req: NextRequest, principal: Principal | null) {
  if (!isStateChanging(req.method) || principal?.kind === 'apikey') return;
  const reason = crossSiteReason(req.headers, env().LIFTOFF_TRUST_PROXY);
  if (reason) {
    throw new LiftoffError(
      'forbidden',
      `This request came from another site (${reason}); changes are accepted only from Liftoff's own pages or with an API key.`,
    );
  }
}

type Observer = { observe(seconds: number): void };
/** One histogram child per (route, method, status), looked up once instead of hashed per request. */
const observers = new Map<string, Observer>();

/** Records one request in the duration histogram. */
export function observeRequest(name: string, method: string, status: number, start: number) {
  const key = `${method} ${status} ${name}`;
  let child = observers.get(key);
  if (!child) {
    child = metrics().httpDuration.labels({ method, route: name, status: String(status) });
    observers.set(key, child);
  }
  child.observe((performance.now() - start) / 1000);
}

/**
 * Wraps a route handler: request id, authentication and role check on the server, error
 * mapping to `{ error: { code, message } }`, and the request-duration metric.
 */
export function route<P = Record<string, never>>(
  name: string,
  access: Access,
  handler: (ctx: RouteContext<P>) => Promise<Response>,
) {
  return async (req: NextRequest, segment: { params: Promise<P> }): Promise<Response> => {
    const start = performance.now();
    const requestId = requestIdOf(req.headers);
    let response: Response;
    try {
      const deps = await requestDeps();
      let principal: Principal | null = null;
      if (access !== 'public') {
        principal = await authenticate(deps, req.headers, (n) => req.cookies.get(n)?.value);
        if (!principal) throw new LiftoffError('unauthorized', 'Log in or send an API key to use this.');
        if (access !== 'user' && !hasAnyRole(principal.roles, [...access, 'admin'])) {
          throw new LiftoffError('forbidden', `This needs one of the roles: ${access.join(', ')}.`);
        }
      }
      refuseCrossSite(req, principal);
      response = await handler({
        req,
        params: await segment.params,
        deps,
        requestId,
        principal: principal as Principal,
        body: (schema, opts) => readJson(req, schema, opts),
      });
      response.headers.set('x-request-id', requestId);
    } catch (err) {
      response = errorResponse(await toLiftoffError(err, requestId, name), requestId);
    }
    observeRequest(name, req.method, response.status, start);
    return response;
  };
}
