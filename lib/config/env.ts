import path from 'node:path';
import { z } from 'zod';

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
/** An absolute http(s) URL without query or fragment; the trailing slash is dropped. */
const baseUrl = z
  .string()
  .trim()
  .refine(
    (v) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol) && !/[?#]/.test(v),
    'not an http(s) URL (no query or fragment)',
  )
  .transform((v) => v.replace(/\/+$/, ''));

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
    /** Where browsers reach Liftoff: links in notifications are built from it. */
    LIFTOFF_PUBLIC_URL: z.preprocess(emptyAsUndefined, baseUrl.optional()),
  })
  .superRefine((env, ctx) => {
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
