import 'server-only';
import { type NotificationsConfig, notificationsConfig } from './notifications';
import {
  longestFirst,
  type Target,
  type TargetsConfig,
  targetSecrets,
  targetsConfig,
  targetUrls,
  urlSecrets,
} from './targets';

/**
 * Every secret Liftoff holds: passwords and tokens in the targets' URLs (raw, decoded, and as
 * the Basic credentials an HTTP probe sends), the notification channels' webhook secrets and
 * URLs (a Slack webhook URL is itself a secret) and SMTP credentials, and the credentials in its
 * own environment. Probe values and evidence are scrubbed of all of them, not only of the
 * probed target's, before anything is stored, returned, logged or audited.
 */

const ENV_URLS = ['DATABASE_URL', 'REDIS_URL'] as const;
const ENV_TOKENS = ['LIFTOFF_METRICS_TOKEN', 'LIFTOFF_ADMIN_PASSWORD'] as const;

/** The form an HTTP target's userinfo takes on the wire: base64(user:password) after `Basic `. */
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

function envSecrets(env: Record<string, string | undefined>): string[] {
  const out: string[] = [];
  for (const name of ENV_URLS) if (env[name]) out.push(...urlSecrets(env[name] as string));
  for (const name of ENV_TOKENS) if (env[name]) out.push(env[name] as string);
  return out;
}

function channelSecrets(config: NotificationsConfig | undefined): string[] {
  const out: string[] = [];
  for (const c of Object.values(config?.channels ?? {})) {
    if (c.type === 'webhook') out.push(c.secret, ...urlSecrets(c.url));
    else if (c.type === 'slack') out.push(...urlSecrets(c.url), new URL(c.url).pathname);
    else out.push(...urlSecrets(c.smtp));
  }
  return out;
}

/** Every secret of a configuration (targets and channels) and the environment, longest first. */
export function configSecrets(
  config: TargetsConfig,
  notifications?: NotificationsConfig,
  env: Record<string, string | undefined> = process.env,
): string[] {
  const all: string[] = [...envSecrets(env), ...channelSecrets(notifications)];
  for (const e of Object.values(config.environments)) {
    for (const t of Object.values(e.targets))
      all.push(...targetSecrets(t), ...targetUrls(t).flatMap(basicForms));
  }
  return longestFirst(all);
}

const orUndefined = <T>(read: () => T): T | undefined => {
  try {
    return read();
  } catch {
    return undefined;
  }
};

const memo: { targets?: TargetsConfig; notifications?: NotificationsConfig; secrets: string[] } = {
  secrets: [],
};

/** What a probe of `target` must never let out: its own secrets and every other one Liftoff holds. */
export function probeSecrets(target: Target): string[] {
  const targets = orUndefined(targetsConfig);
  const notifications = orUndefined(notificationsConfig);
  if (targets && (memo.targets !== targets || memo.notifications !== notifications)) {
    Object.assign(memo, { targets, notifications, secrets: configSecrets(targets, notifications) });
  }
  return longestFirst([...targetSecrets(target), ...targetUrls(target).flatMap(basicForms), ...memo.secrets]);
}
