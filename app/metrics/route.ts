import { createHash, timingSafeEqual } from 'node:crypto';
import { route } from '@/lib/api/route';
import { authenticate } from '@/lib/auth/authenticate';
import { env } from '@/lib/config/env';
import { LiftoffError } from '@/lib/core/errors';
import { metrics } from '@/lib/metrics/registry';

export const dynamic = 'force-dynamic';

/** Compares digests: equal lengths whatever was sent (any bytes, any length), in constant time. */
const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
const same = (a: string, b: string) => timingSafeEqual(digest(a), digest(b));

/**
 * Prometheus exposition. A scraper sends LIFTOFF_METRICS_TOKEN as a bearer token; without a
 * token configured (or sent), a logged-in user or API key may read it like any other page.
 */
export const GET = route('/metrics', 'public', async ({ req, deps }) => {
  const token = env().LIFTOFF_METRICS_TOKEN;
  const sent = req.headers.get('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1] ?? '';
  const tokenOk = Boolean(token) && same(sent, token!);
  if (!tokenOk && !(await authenticate(deps, req.headers, (n) => req.cookies.get(n)?.value))) {
    throw new LiftoffError(
      'unauthorized',
      'Send the metrics token as Authorization: Bearer <token>, or log in.',
    );
  }
  const { registry } = metrics();
  return new Response(await registry.metrics(), { headers: { 'content-type': registry.contentType } });
});
