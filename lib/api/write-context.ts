import 'server-only';
import type { WriteContext } from '@/lib/runs/context';
import type { RouteContext } from './route';

/** The principal, Idempotency-Key and request id a run write needs. */
export function writeContext<P>(ctx: RouteContext<P>): WriteContext {
  const key = ctx.req.headers.get('idempotency-key')?.trim();
  return {
    principal: ctx.principal,
    idempotencyKey: key ? key.slice(0, 200) : undefined,
    requestId: ctx.requestId,
  };
}
