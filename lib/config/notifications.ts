import 'server-only';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { EVENT_TYPE_NAMES, type EventType } from '@/lib/notify/events';
import { check, duration, Invalid, interpolate, type Path, TargetsConfigError } from './targets';

/**
 * The `notifications:` section of the targets file: channels (where messages go, secrets
 * through `${VAR}`), routes (which events go to which channels, per environment) and how health
 * messages are damped. Webhook and Slack URLs come only from here, never from a request.
 *
 * ```yaml
 * notifications:
 *   channels:
 *     ops-slack:  { type: slack, url: "${SLACK_WEBHOOK_URL}" }
 *     pager-hook: { type: webhook, url: "https://hooks.example.com/liftoff", secret: "${HOOK_SECRET}" }
 *     release-mail: { type: email, to: [release@example.com], smtp: "${SMTP_URL}", from: liftoff@example.com }
 *   routes:
 *     - { events: [health.unhealthy, health.recovered], environments: [production], channels: [ops-slack] }
 *   health: { suppressRepeats: 15m }
 * ```
 */

export type ChannelType = 'webhook' | 'slack' | 'email';

interface ChannelBase {
  name: string;
  type: ChannelType;
  /** One send (connect, request, answer) must finish within this. */
  timeoutMs: number;
  /** Token bucket: at most `perSecond` sends a second, in bursts of up to `burst`. */
  rate: { perSecond: number; burst: number };
}
export interface WebhookChannel extends ChannelBase {
  type: 'webhook';
  url: string;
  /** HMAC-SHA256 key for X-Liftoff-Signature. */
  secret: string;
}
export interface SlackChannel extends ChannelBase {
  type: 'slack';
  /** A Slack incoming-webhook URL. */
  url: string;
}
export interface EmailChannel extends ChannelBase {
  type: 'email';
  to: string[];
  /** smtp:// or smtps:// with credentials. */
  smtp: string;
  from: string;
}
export type Channel = WebhookChannel | SlackChannel | EmailChannel;

export interface Route {
  events: EventType[];
  /** null: every environment. */
  environments: string[] | null;
  channels: string[];
}

export interface NotificationsConfig {
  channels: Record<string, Channel>;
  routes: Route[];
  health: {
    /** A health message of the same kind for the same environment waits this long after the last. */
    suppressRepeatsMs: number;
  };
}

export const DEFAULT_SUPPRESS_REPEATS_MS = 15 * 60_000;
const DEFAULT_TIMEOUT_MS = 5_000;
/** Slack allows about one message a second per webhook. */
const DEFAULT_RATES: Record<ChannelType, number> = { webhook: 20, slack: 1, email: 5 };

export const emptyNotificationsConfig = (): NotificationsConfig => ({
  channels: {},
  routes: [],
  health: { suppressRepeatsMs: DEFAULT_SUPPRESS_REPEATS_MS },
});

const CHANNEL_NAME_RE = /^[a-z0-9][a-z0-9_-]{0,62}$/;
const RATE_RE = /^(\d+(?:\.\d+)?)\s*\/\s*(s|sec|second|m|min|minute|h|hour)$/i;

const webUrl = z
  .string()
  .refine(
    (v) => /^https?:\/\/[^\s/?#]+[^\s]*$/i.test(v) && URL.canParse(v),
    'not an http:// or https:// URL',
  );
const smtpUrl = z
  .string()
  .refine((v) => /^smtps?:\/\/[^\s]+$/i.test(v) && URL.canParse(v), 'not an smtp:// or smtps:// URL');
const address = z.email('not an email address');

const rate = z.unknown().transform((v, ctx) => {
  const m = typeof v === 'string' ? RATE_RE.exec(v.trim()) : null;
  const amount = m ? Number(m[1]) : Number.NaN;
  if (!m || !(amount > 0)) {
    ctx.addIssue({ code: 'custom', message: `${JSON.stringify(v)} is not a rate like 20/s or 30/min` });
    return z.NEVER;
  }
  const unit = m[2]!.toLowerCase()[0];
  return amount / (unit === 's' ? 1 : unit === 'm' ? 60 : 3600);
});

const common = { timeout: duration(100, 30_000).optional(), rate: rate.optional() };

const channelSchemas = {
  webhook: z.strictObject({
    type: z.literal('webhook'),
    url: webUrl,
    secret: z.string().min(16, 'must be at least 16 characters (use a long random string)'),
    ...common,
  }),
  slack: z.strictObject({ type: z.literal('slack'), url: webUrl, ...common }),
  email: z.strictObject({
    type: z.literal('email'),
    to: z.array(address).min(1, 'needs at least one address'),
    smtp: smtpUrl,
    from: address,
    ...common,
  }),
} satisfies Record<ChannelType, z.ZodType>;

const routeSchema = z.strictObject({
  events: z
    .array(z.enum(EVENT_TYPE_NAMES, { message: `must be one of ${EVENT_TYPE_NAMES.join(', ')}` }))
    .min(1, 'name at least one event'),
  environments: z.array(z.string()).min(1, 'name at least one environment, or leave it out').optional(),
  channels: z.array(z.string()).min(1, 'name at least one channel'),
});

const sectionSchema = z.strictObject({
  channels: z.record(z.string(), z.unknown()).optional(),
  routes: z.array(z.unknown()).optional(),
  health: z.strictObject({ suppressRepeats: duration(0, 7 * 86_400_000).optional() }).optional(),
});

function parseChannel(name: string, raw: unknown, path: Path): Channel {
  if (!CHANNEL_NAME_RE.test(name)) {
    throw new Invalid(path, 'channel names use lowercase letters, digits, "-" and "_"');
  }
  const type = raw && typeof raw === 'object' ? (raw as { type?: unknown }).type : undefined;
  if (type !== 'webhook' && type !== 'slack' && type !== 'email') {
    throw new Invalid([...path, 'type'], 'must be webhook, slack or email');
  }
  const c = check<z.infer<(typeof channelSchemas)[typeof type]>>(channelSchemas[type], raw, path);
  const perSecond = c.rate ?? DEFAULT_RATES[type];
  const base = {
    name,
    timeoutMs: c.timeout ?? DEFAULT_TIMEOUT_MS,
    rate: { perSecond, burst: Math.max(1, Math.ceil(perSecond)) },
  };
  switch (c.type) {
    case 'webhook':
      return { ...base, type: 'webhook', url: c.url, secret: c.secret };
    case 'slack':
      return { ...base, type: 'slack', url: c.url };
    case 'email':
      return { ...base, type: 'email', to: c.to, smtp: c.smtp, from: c.from };
  }
}

/** Validates the (already interpolated) section against the file's environments. */
export function parseNotificationsSection(
  raw: unknown,
  environments: readonly string[],
): NotificationsConfig {
  if (raw === undefined || raw === null) return emptyNotificationsConfig();
  const section = check(sectionSchema, raw, ['notifications']);
  const channels: Record<string, Channel> = {};
  for (const [name, value] of Object.entries(section.channels ?? {})) {
    channels[name] = parseChannel(name, value, ['notifications', 'channels', name]);
  }
  const routes = (section.routes ?? []).map((value, i): Route => {
    const path: Path = ['notifications', 'routes', i];
    const r = check(routeSchema, value, path);
    r.channels.forEach((c, n) => {
      if (!Object.hasOwn(channels, c)) {
        const known = Object.keys(channels).join(', ') || 'none';
        throw new Invalid([...path, 'channels', n], `unknown channel "${c}"; configured: ${known}`);
      }
    });
    r.environments?.forEach((e, n) => {
      if (!environments.includes(e)) {
        throw new Invalid(
          [...path, 'environments', n],
          `unknown environment "${e}"; configured: ${environments.join(', ')}`,
        );
      }
    });
    return {
      events: [...new Set(r.events)],
      environments: r.environments ?? null,
      channels: [...new Set(r.channels)],
    };
  });
  return {
    channels,
    routes,
    health: { suppressRepeatsMs: section.health?.suppressRepeats ?? DEFAULT_SUPPRESS_REPEATS_MS },
  };
}

/** Parses the notifications of a targets file's text. Pure: the environment for `${VAR}` is passed in. */
export function parseNotificationsConfig(
  text: string,
  file: string,
  env: Record<string, string | undefined> = process.env,
): NotificationsConfig {
  let doc: unknown;
  try {
    doc = parseYaml(text, { maxAliasCount: 50 });
  } catch (err) {
    const first = (err instanceof Error ? err.message : String(err)).split('\n')[0]?.replace(/:$/, '') ?? '';
    throw new TargetsConfigError(file, '', `invalid YAML: ${first}`);
  }
  const root = doc && typeof doc === 'object' && !Array.isArray(doc) ? (doc as Record<string, unknown>) : {};
  const envs =
    root.environments && typeof root.environments === 'object' ? Object.keys(root.environments) : [];
  try {
    const raw = interpolate(root.notifications, env, ['notifications']);
    return parseNotificationsSection(raw, [...new Set([...envs, 'local'])]);
  } catch (err) {
    if (err instanceof Invalid)
      throw new TargetsConfigError(file, err.path.map(String).join('.'), err.problem);
    throw err;
  }
}

/** The notifications of the file at `path` (default LIFTOFF_CONFIG); none without a file. */
export function loadNotificationsConfig(
  path: string | undefined = process.env.LIFTOFF_CONFIG,
  env: Record<string, string | undefined> = process.env,
): NotificationsConfig {
  if (!path?.trim()) return emptyNotificationsConfig();
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    // The targets loader reads the same file first and reports why it cannot.
    throw new TargetsConfigError(path, '', 'cannot read the file');
  }
  return parseNotificationsConfig(text, path, env);
}

const g = globalThis as unknown as { __liftoffNotifications?: NotificationsConfig };

/** The process's notification configuration, read once. */
export function notificationsConfig(): NotificationsConfig {
  g.__liftoffNotifications ??= loadNotificationsConfig();
  return g.__liftoffNotifications;
}

/** Swaps the process's configuration (tests, reloads). */
export function setNotificationsConfig(config: NotificationsConfig | undefined): void {
  g.__liftoffNotifications = config;
}

/** For boot: prints the one-line problem and exits 1, like the targets loader. */
export function loadNotificationsConfigOrExit(): NotificationsConfig {
  try {
    return notificationsConfig();
  } catch (err) {
    if (err instanceof TargetsConfigError) {
      process.stderr.write(`liftoff: bad configuration: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

/** Every channel a route sends this event to, in config order and without repeats. */
export function routedChannels(
  config: NotificationsConfig,
  type: string,
  environment: string | null,
): Channel[] {
  const names = new Set<string>();
  for (const r of config.routes) {
    if (!(r.events as string[]).includes(type)) continue;
    if (r.environments && (environment === null || !r.environments.includes(environment))) continue;
    for (const c of r.channels) names.add(c);
  }
  return [...names].map((n) => config.channels[n]!).filter(Boolean);
}

/** Where people's own email goes out: the first email channel, when there is one. */
export const personalEmailChannel = (config: NotificationsConfig): EmailChannel | null =>
  Object.values(config.channels).find((c): c is EmailChannel => c.type === 'email') ?? null;
