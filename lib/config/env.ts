import path from 'node:path';
import { z } from 'zod';
import { ROLES, type Role } from '@/lib/auth/roles';

/**
 * Every environment variable Liftoff reads, validated once. Each entry's message is what an
 * operator sees on a single line when the value is wrong, so it names the fix, not the type.
 */
const postgresUrl = z
  .string()
  .refine((v) => /^postgres(ql)?:\/\/[^\s]+$/.test(v) && URL.canParse(v), 'not a postgres:// URL');
const redisUrl = z
  .string()
  .refine((v) => /^rediss?:\/\/[^\s]*$/.test(v) && URL.canParse(v), 'not a redis:// URL');
const emptyAsUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const isLoopback = (u: URL) => ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
/** An absolute http(s) URL without query or fragment; the trailing slash is dropped. */
const baseUrl = z
  .string()
  .trim()
  .refine(
    (v) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol) && !/[?#]/.test(v),
    'not an http(s) URL (no query or fragment)',
  )
  .transform((v) => v.replace(/\/+$/, ''));
/** Identity providers speak HTTPS; plain http is accepted on loopback only (tests, local development). */
const issuerUrl = baseUrl.refine((v) => {
  const u = new URL(v);
  return u.protocol === 'https:' || isLoopback(u);
}, 'must be an https:// URL (http:// only for localhost)');
const list = (v: string) =>
  v
    .split(/[,\s]+/)
    .map((x) => x.trim())
    .filter(Boolean);
/** `idp-group=role,...`: one pair per group and role (a group may appear twice to give two roles). */
const roleMap = z.string().transform((v, ctx) => {
  const pairs: { group: string; role: Role }[] = [];
  for (const part of v
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const eq = part.lastIndexOf('=');
    const group = part.slice(0, eq).trim();
    const role = part
      .slice(eq + 1)
      .trim()
      .toLowerCase();
    if (eq <= 0 || !group || !role) {
      ctx.addIssue({ code: 'custom', message: `"${part}" is not group=role` });
      return z.NEVER;
    }
    if (!(ROLES as readonly string[]).includes(role)) {
      ctx.addIssue({
        code: 'custom',
        message: `"${part}": unknown role ${role}; roles are ${ROLES.join(', ')}`,
      });
      return z.NEVER;
    }
    pairs.push({ group, role: role as Role });
  }
  return pairs;
});
const onOff = (fallback: 'on' | 'off') =>
  z.preprocess(
    emptyAsUndefined,
    z
      .enum(['on', 'off', 'true', 'false'], { message: 'must be on or off' })
      .default(fallback)
      .transform((v) => v === 'on' || v === 'true'),
  );

const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce
      .number({ message: 'not a number' })
      .int('not a whole number')
      .min(1, 'must be 1-65535')
      .max(65535, 'must be 1-65535')
      .default(3000),
    DATABASE_URL: z.preprocess(emptyAsUndefined, postgresUrl.optional()),
    LIFTOFF_DATA_DIR: z.preprocess(emptyAsUndefined, z.string().default('./.liftoff/data')),
    REDIS_URL: z.preprocess(emptyAsUndefined, redisUrl.optional()),
    LIFTOFF_ADMIN_EMAIL: z.preprocess(emptyAsUndefined, z.email('not an email address').optional()),
    LIFTOFF_ADMIN_PASSWORD: z.preprocess(
      emptyAsUndefined,
      z.string().min(12, 'must be at least 12 characters').optional(),
    ),
    LIFTOFF_METRICS_TOKEN: z.preprocess(
      emptyAsUndefined,
      z.string().min(16, 'must be at least 16 characters').optional(),
    ),
    LIFTOFF_SESSION_TTL_HOURS: z.coerce
      .number({ message: 'not a number' })
      .positive('must be greater than 0')
      .max(24 * 90, 'must be at most 2160 (90 days)')
      .default(12),
    LIFTOFF_TRUST_PROXY: z.preprocess(
      emptyAsUndefined,
      z
        .enum(['true', 'false', '1', '0'], { message: 'must be true or false' })
        .default('false')
        .transform((v) => v === 'true' || v === '1'),
    ),
    LIFTOFF_LOG_LEVEL: z.preprocess(
      emptyAsUndefined,
      z
        .enum(['debug', 'info', 'warn', 'error'], { message: 'must be debug, info, warn or error' })
        .default('info'),
    ),
    /** Where browsers reach Liftoff: the OIDC redirect URI and links in messages are built from it. */
    LIFTOFF_PUBLIC_URL: z.preprocess(emptyAsUndefined, baseUrl.optional()),
    LIFTOFF_OIDC_ISSUER: z.preprocess(emptyAsUndefined, issuerUrl.optional()),
    LIFTOFF_OIDC_CLIENT_ID: z.preprocess(emptyAsUndefined, z.string().trim().max(500).optional()),
    LIFTOFF_OIDC_CLIENT_SECRET: z.preprocess(emptyAsUndefined, z.string().max(2000).optional()),
    LIFTOFF_OIDC_NAME: z.preprocess(emptyAsUndefined, z.string().trim().max(60).default('single sign-on')),
    LIFTOFF_OIDC_SCOPES: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .default('openid email profile')
        .transform(list)
        .refine((s) => s.includes('openid'), 'must include openid'),
    ),
    LIFTOFF_OIDC_ROLES_CLAIM: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .trim()
        .regex(/^[\w:/.-]+$/, 'must be a claim name or a dotted path such as realm_access.roles')
        .default('groups'),
    ),
    LIFTOFF_OIDC_ROLE_MAP: z.preprocess(emptyAsUndefined, roleMap.default([])),
    LIFTOFF_OIDC_DEFAULT_ROLE: z.preprocess(
      emptyAsUndefined,
      z.enum([...ROLES, 'none'], { message: `must be none or one of ${ROLES.join(', ')}` }).default('viewer'),
    ),
    LIFTOFF_OIDC_ALLOWED_DOMAINS: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .default('')
        .transform((v) => list(v.toLowerCase()).map((d) => d.replace(/^@/, '')))
        .refine(
          (ds) => ds.every((d) => /^[a-z0-9.-]+\.[a-z]{2,}$/.test(d)),
          'must be domain names, comma-separated',
        ),
    ),
    /** off: only single sign-on, except break-glass admins created with the CLI. */
    LIFTOFF_PASSWORD_LOGIN: onOff('on'),
    /** off: every request goes through Next.js, ticks included (app/direct-routes.ts). */
    LIFTOFF_DIRECT_ROUTES: onOff('on'),
  })
  .superRefine((env, ctx) => {
    const needs = (variable: string, message: string) =>
      ctx.addIssue({ code: 'custom', path: [variable], message });
    if (env.LIFTOFF_OIDC_ISSUER) {
      if (!env.LIFTOFF_OIDC_CLIENT_ID)
        needs('LIFTOFF_OIDC_CLIENT_ID', 'must be set with LIFTOFF_OIDC_ISSUER');
      if (!env.LIFTOFF_PUBLIC_URL)
        needs(
          'LIFTOFF_PUBLIC_URL',
          'must be set with LIFTOFF_OIDC_ISSUER (the redirect URI is built from it)',
        );
    } else if (env.LIFTOFF_OIDC_CLIENT_ID) {
      needs('LIFTOFF_OIDC_ISSUER', 'must be set with LIFTOFF_OIDC_CLIENT_ID');
    }
    if (!env.LIFTOFF_PASSWORD_LOGIN && !env.LIFTOFF_OIDC_ISSUER) {
      needs('LIFTOFF_PASSWORD_LOGIN', 'off needs LIFTOFF_OIDC_ISSUER, or nobody could log in');
    }
    if (Boolean(env.LIFTOFF_ADMIN_EMAIL) !== Boolean(env.LIFTOFF_ADMIN_PASSWORD)) {
      const missing = env.LIFTOFF_ADMIN_EMAIL ? 'LIFTOFF_ADMIN_PASSWORD' : 'LIFTOFF_ADMIN_EMAIL';
      ctx.addIssue({
        code: 'custom',
        path: [missing],
        message: 'must be set together with the other LIFTOFF_ADMIN_ variable',
      });
    }
  });

export type Env = z.infer<typeof envSchema> & { dataDir: string };

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly problem: string,
  ) {
    super(`${variable}: ${problem}`);
    this.name = 'ConfigError';
  }
}

/** Parses an environment; throws ConfigError naming the first bad variable. Pure: easy to test. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new ConfigError(String(issue.path[0] ?? 'environment'), issue.message);
  }
  return { ...result.data, dataDir: path.resolve(result.data.LIFTOFF_DATA_DIR) };
}

const globalForEnv = globalThis as unknown as { __liftoffEnv?: Env };

/** The process's configuration, read once. */
export function env(): Env {
  globalForEnv.__liftoffEnv ??= parseEnv(process.env);
  return globalForEnv.__liftoffEnv;
}

/** Validates config at boot: on a bad value prints one line and exits 1, no stack trace. */
export function loadEnvOrExit(): Env {
  try {
    return env();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`liftoff: bad configuration: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}
