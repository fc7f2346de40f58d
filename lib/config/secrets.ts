import 'server-only';
import { type Target, type TargetsConfig, targetSecrets, targetsConfig } from './targets';

/**
 * Every secret Liftoff holds for reaching its targets and itself: passwords and tokens in the
 * targets' URLs (raw, decoded, and as the Basic credentials an HTTP probe sends) and the
 * credentials in its own environment. Probe values and evidence are scrubbed of all of them,
 * not only of the probed target's, before anything is stored, returned, logged or audited.
 */

const ENV_URLS = ['DATABASE_URL', 'REDIS_URL'] as const;
const ENV_TOKENS = ['LIFTOFF_METRICS_TOKEN', 'LIFTOFF_ADMIN_PASSWORD'] as const;

/** The forms an HTTP target's userinfo takes on the wire: `Basic <base64(user:password)>`. */
function basicForms(url: string): string[] {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return [];
  }
  if (!u.username && !u.password) return [];
  let pair: string;
  try {
    pair = `${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`;
  } catch {
    pair = `${u.username}:${u.password}`;
  }
  return [Buffer.from(pair).toString('base64')];
}

function urlsOf(target: Target): string[] {
  if (target.kind === 'http') return target.instances.map((i) => i.url);
  return target.url ? [target.url] : [];
}

function envSecrets(env: Record<string, string | undefined>): string[] {
  const out: string[] = [];
  for (const name of ENV_URLS) {
    const url = env[name];
    if (!url) continue;
    out.push(
      ...targetSecrets({
        kind: 'redis',
        url,
        key: name,
        name,
        environment: '',
        intervalMs: 0,
        timeoutMs: 0,
      }),
    );
  }
  for (const name of ENV_TOKENS) if (env[name]) out.push(env[name] as string);
  return out;
}

const memo = new WeakMap<TargetsConfig, string[]>();

/** Every secret of a configuration and the process environment, longest first. */
export function configSecrets(
  config: TargetsConfig,
  env: Record<string, string | undefined> = process.env,
): string[] {
  const known = memo.get(config);
  if (known && env === process.env) return known;
  const all = new Set<string>(envSecrets(env));
  for (const e of Object.values(config.environments)) {
    for (const t of Object.values(e.targets)) {
      for (const s of targetSecrets(t)) all.add(s);
      for (const url of urlsOf(t)) for (const s of basicForms(url)) all.add(s);
    }
  }
  const list = [...all].filter((s) => s.length >= 3).sort((a, b) => b.length - a.length);
  if (env === process.env) memo.set(config, list);
  return list;
}

/** What a probe of `target` must never let out: its own secrets and every other one configured. */
export function probeSecrets(target: Target): string[] {
  let config: TargetsConfig | undefined;
  try {
    config = targetsConfig();
  } catch {
    config = undefined;
  }
  const own = [...targetSecrets(target), ...urlsOf(target).flatMap(basicForms)];
  const merged = new Set([...own, ...(config ? configSecrets(config) : [])]);
  return [...merged].filter((s) => s.length >= 3).sort((a, b) => b.length - a.length);
}
