import { z } from 'zod';
import { parseDuration } from '@/lib/checks/units';

/**
 * Building blocks a probe kind declares its target configuration with (lib/probes/kinds): the
 * fields every target has, timing, URL checks, and how addresses are masked. The loader in
 * `./targets` reads the registry; kinds import only this, so the two never import each other.
 */

/** What every target has, whatever its kind. */
export interface TargetBase {
  /** `kind:name` as checks write it, e.g. `redis:cache`. */
  key: string;
  name: string;
  environment: string;
  intervalMs: number;
  timeoutMs: number;
}

export interface PublicInstance {
  name: string;
  address: string;
}

/** What a kind adds to a target as API responses and the admin page show it: no secrets. */
export interface PublicTargetFields {
  /** Masked; absent for the embedded store and for multi-instance targets (see `instances`). */
  address?: string;
  /** Liftoff's own embedded store. */
  embedded?: true;
  instances?: PublicInstance[];
  /** http: the path the monitor checks on each instance. */
  healthPath?: string;
}

export type Path = (string | number)[];

/** Thrown inside parsing; becomes a TargetsConfigError naming the file. */
export class Invalid extends Error {
  constructor(
    readonly path: Path,
    readonly problem: string,
  ) {
    super(problem);
  }
}

const isUrl = (v: string, schemes: RegExp) => schemes.test(v) && URL.canParse(v);
export const redisUrl = z.string().refine((v) => isUrl(v, /^rediss?:\/\/[^\s]*$/i), 'not a redis:// URL');
export const postgresUrl = z
  .string()
  .refine((v) => isUrl(v, /^postgres(ql)?:\/\/[^\s]*$/i), 'not a postgres:// URL');
export const httpUrl = z
  .string()
  .refine((v) => isUrl(v, /^https?:\/\/[^\s/?#]+[^\s]*$/i), 'not an http:// or https:// URL');

/** Names of the instances of a multi-instance target, shown in results and on the health page. */
export const instanceName = z.string().regex(/^[\w.:-]{1,100}$/, 'letters, digits, . : _ -');

const showMs = (ms: number) =>
  ms % 3_600_000 === 0 && ms >= 3_600_000
    ? `${ms / 3_600_000}h`
    : ms % 1000 === 0 && ms > 0
      ? `${ms / 1000}s`
      : `${ms}ms`;

export const duration = (min: number, max: number) =>
  z.unknown().transform((v, ctx) => {
    const ms = typeof v === 'string' || typeof v === 'number' ? parseDuration(v) : null;
    if (ms === null || ms < 0) {
      ctx.addIssue({
        code: 'custom',
        message: `${JSON.stringify(v) ?? 'nothing'} is not a duration like 5s or 500ms`,
      });
      return z.NEVER;
    }
    if (ms < min || ms > max) {
      ctx.addIssue({ code: 'custom', message: `must be between ${showMs(min)} and ${showMs(max)}` });
      return z.NEVER;
    }
    return ms;
  });

/** `interval` and `timeout`, which every kind's schema spreads in. */
export const timing = {
  interval: duration(1_000, 86_400_000).optional(),
  timeout: duration(10, 60_000).optional(),
};

/** Names must be unique within a target: they key its samples and results. */
export function uniqueInstanceNames(instances: readonly { name: string }[], path: Path): void {
  const names = new Set<string>();
  instances.forEach((i, n) => {
    if (names.has(i.name)) {
      throw new Invalid([...path, 'instances', n], `duplicate instance "${i.name}"; give each a name`);
    }
    names.add(i.name);
  });
}

// ---------------------------------------------------------------------------------------------
// What may leave the server

/** Query parameters whose values are harmless to show; every other value is masked. */
const PUBLIC_PARAMS = new Set([
  'sslmode',
  'connect_timeout',
  'application_name',
  'family',
  'db',
  'host',
  'port',
  'target_session_attrs',
]);

/**
 * `postgres://app:s3cret@db:5432/main?sslmode=require&password=x` →
 * `postgres://app:***@db:5432/main?sslmode=require&password=***`. A user without a password
 * may itself be a token, so it is masked too. Anything unparseable becomes `***`.
 */
export function maskUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return '***';
  }
  const scheme = `${u.protocol}//`;
  const auth = u.password ? `${u.username}:***@` : u.username ? '***@' : '';
  const params = [...u.searchParams.keys()].map((k) =>
    PUBLIC_PARAMS.has(k.toLowerCase())
      ? `${encodeURIComponent(k)}=${encodeURIComponent(u.searchParams.get(k) ?? '')}`
      : `${encodeURIComponent(k)}=***`,
  );
  const path = u.pathname === '/' ? '' : u.pathname;
  return `${scheme}${auth}${u.host}${path}${params.length ? `?${params.join('&')}` : ''}`;
}

/** The secrets one URL carries: itself, its password (or a lone user name), private query values. */
export function urlSecrets(url: string): string[] {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return [url];
  }
  const secrets = [url];
  for (const raw of [u.password, u.password ? '' : u.username]) {
    if (!raw) continue;
    secrets.push(raw);
    try {
      secrets.push(decodeURIComponent(raw));
    } catch {
      // Keep the raw form only.
    }
  }
  for (const [k, v] of u.searchParams) if (!PUBLIC_PARAMS.has(k.toLowerCase()) && v) secrets.push(v);
  return secrets;
}

/** Longest first so a secret containing another is replaced whole; too-short strings are not secrets. */
export const longestFirst = (secrets: Iterable<string>): string[] =>
  [...new Set(secrets)].filter((s) => s.length >= 3).sort((a, b) => b.length - a.length);
