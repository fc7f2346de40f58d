import { json, route } from '@/lib/api/route';
import { targetsConfig } from '@/lib/config/targets';
import { evaluateCheck, evaluateInput } from '@/lib/monitor';

export const dynamic = 'force-dynamic';

/** `{ environment, check }` → `{ ok, check, environment, results: [...] }`; 400 for a bad check or name. */
export const POST = route('/api/v1/checks/evaluate', ['engineer'], async (ctx) => {
  const input = await ctx.body(evaluateInput, { maxBytes: 16 * 1024 });
  return json(await evaluateCheck(targetsConfig(), input), 200, { 'cache-control': 'no-store' });
});
