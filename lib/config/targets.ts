import 'server-only';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { CHECK_KINDS, type CheckKind, TARGET_NAME_RE, type TargetRef } from '@/lib/checks/ast';
import { parseDuration } from '@/lib/checks/units';

/**
 * The targets configuration: what probes may reach, per environment. Addresses and secrets
 * come only from here (the file at LIFTOFF_CONFIG, or Liftoff's own services by default),
 * never from a checklist or a request; checks name targets by `kind:name`.
 */

export type TargetKind = CheckKind;

interface TargetBase {
  /** `kind:name` as checks write it, e.g. `redis:cache`. */
  key: string;
  name: string;
  environment: string;
  intervalMs: number;
  timeoutMs: number;
}
export interface RedisTarget extends TargetBase {
  kind: 'redis';
  url: string;
}
export interface PostgresTarget extends TargetBase {
  kind: 'postgres';
  /** null: Liftoff's own embedded store (PGlite), reached through the app's db handle. */
  url: string | null;
}
export interface HttpInstance {
  /** Shown in results and on the health page; defaults to the URL's host:port. */
  name: string;
  /** Origin, optionally with a base path; a check's path is appended to it. */
  url: string;
}
export interface HttpTarget extends TargetBase {
  kind: 'http';
  instances: HttpInstance[];
  /** What the monitor GETs on each instance (status < 400 = up); default `/`. */
  healthPath?: string;
}
export interface PrometheusTarget extends TargetBase {
  kind: 'prometheus';
  /** The exposition to scrape, e.g. http://api-1:8000/metrics. */
  url: string;
}
export type Target = RedisTarget | PostgresTarget | HttpTarget | PrometheusTarget;

export interface Thresholds {
  /** A Redis PING slower than this makes Redis degraded. */
  redisPingDegradedMs: number;
  /** A PostgreSQL ping slower than this makes PostgreSQL degraded. */
  postgresPingDegradedMs: number;
  /** An instance answering slower than this is degraded. */
  httpLatencyDegradedMs: number;
  /** The latency target line on the health charts. */
  latencyTargetMs: number;
  /** The cache hit-rate target line (0-1). */
  hitRateTarget: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = {
  redisPingDegradedMs: 100,
  postgresPingDegradedMs: 100,
  httpLatencyDegradedMs: 1_000,
  latencyTargetMs: 5,
  hitRateTarget: 0.9,
};
export const DEFAULT_INTERVAL_MS = 10_000;
export const DEFAULT_TIMEOUT_MS = 2_000;

export interface EnvironmentConfig {
  name: string;
  thresholds: Thresholds;
  /** By `kind:name`. Look targets up with `resolveTarget`, which ignores inherited keys. */
  targets: Record<string, Target>;
}

export interface TargetsConfig {
  source: { type: 'file'; path: string } | { type: 'default' };
  environments: Record<string, EnvironmentConfig>;
}

/** The one line an operator sees at boot: `LIFTOFF_CONFIG <path>: <field>: <problem>`. */
export class TargetsConfigError extends Error {
  constructor(
    readonly file: string,
    /** Dotted path inside the file, e.g. `environments.production.targets.redis:cache.url`. */
    readonly field: string,
    readonly problem: string,
  ) {
    super(`LIFTOFF_CONFIG ${file}: ${field ? `${field}: ` : ''}${problem}`);
    this.name = 'TargetsConfigError';
  }
}

// ---------------------------------------------------------------------------------------------
// Validation

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

const ENVIRONMENT_NAME_RE = /^[a-z0-9][a-z0-9_-]*$/;
const VARIABLE_RE = /\$\$\{|\$\{([^}]*)\}/g;
const VARIABLE_NAME_RE = /^([A-Za-z_][A-Za-z0-9_]*)(?::-(.*))?$/s;

const isUrl = (v: string, schemes: RegExp) => schemes.test(v) && URL.canParse(v);
const redisUrl = z.string().refine((v) => isUrl(v, /^rediss?:\/\/[^\s]*$/i), 'not a redis:// URL');
const postgresUrl = z
  .string()
  .refine((v) => isUrl(v, /^postgres(ql)?:\/\/[^\s]*$/i), 'not a postgres:// URL');
const httpUrl = z
  .string()
  .refine((v) => isUrl(v, /^https?:\/\/[^\s/?#]+[^\s]*$/i), 'not an http:// or https:// URL');
/** An instance is an origin with an optional base path: the check supplies the rest. */
const instanceUrl = httpUrl.refine((v) => {
  // Refinements all run: a value the check above refused is not reported twice.
  const u = URL.canParse(v) ? new URL(v) : null;
  return !u || (u.search === '' && u.hash === '');
}, 'an instance URL takes no query string or fragment');

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

const timing = {
  interval: duration(1_000, 86_400_000).optional(),
  timeout: duration(10, 60_000).optional(),
};

const instanceSchema = z.union([
  instanceUrl,
  z.strictObject({
    name: z.string().regex(/^[\w.:-]{1,100}$/, 'letters, digits, . : _ -'),
    url: instanceUrl,
  }),
]);

const targetSchemas = {
  redis: z.strictObject({ url: redisUrl, ...timing }),
  postgres: z.strictObject({ url: postgresUrl, ...timing }),
  http: z
    .strictObject({
      url: instanceUrl.optional(),
      instances: z.array(instanceSchema).min(1, 'needs at least one instance').optional(),
      healthPath: z
        .string()
        .regex(/^\/(?!\/)[^\s\\]*$/, 'a path on the instance, starting with "/"')
        .max(500)
        .optional(),
      ...timing,
    })
    .refine((t) => (t.url === undefined) !== (t.instances === undefined), 'needs either url or instances'),
  prometheus: z.strictObject({ url: httpUrl, ...timing }),
} satisfies Record<TargetKind, z.ZodType>;

const thresholdsSchema = z.strictObject({
  redisPingDegraded: duration(0, 60_000).optional(),
  postgresPingDegraded: duration(0, 60_000).optional(),
  httpLatencyDegraded: duration(0, 60_000).optional(),
  latencyTarget: duration(0, 60_000).optional(),
  hitRateTarget: z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1').optional(),
});

const environmentSchema = z.strictObject({
  thresholds: thresholdsSchema.optional(),
  targets: z.record(z.string(), z.unknown()),
});

const fileSchema = z.strictObject({
  environments: z.record(z.string(), z.unknown()),
  /** Channels and routes: read by lib/config/notifications.ts. */
  notifications: z.unknown().optional(),
});

function yamlType(v: unknown): string {
  if (v === null) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `a ${typeof v}`;
}

const expectedNames: Record<string, string> = {
  object: 'a mapping',
  record: 'a mapping',
  array: 'a list',
  string: 'a string',
  number: 'a number',
};

/** One short problem for the first zod issue. */
function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.length === 1
        ? `unknown key "${issue.keys[0]}"`
        : `unknown keys ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    case 'invalid_type': {
      const actual = issue.path.reduce<unknown>(
        (v, k) => (v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined),
        input,
      );
      if (actual === undefined) return 'is required';
      return `expected ${expectedNames[issue.expected] ?? issue.expected}, got ${yamlType(actual)}`;
    }
    case 'invalid_union': {
      const first = unionBranchIssue(issue.errors);
      return first ? describeIssue({ ...first, path: [...issue.path, ...first.path] }, input) : issue.message;
    }
    default:
      return issue.message;
  }
}

/** Of a union's failed branches, the one whose type matched the input says what is wrong. */
function unionBranchIssue(branches: z.core.$ZodIssue[][]): z.core.$ZodIssue | undefined {
  const typed = branches.find((b) => b[0] && !(b[0].code === 'invalid_type' && b[0].path.length === 0));
  return (typed ?? branches[0])?.[0];
}

export function check<T>(schema: z.ZodType<T>, value: unknown, path: Path): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  // A misspelt key explains a "required" one that seems missing, so it goes first.
  const issues = result.error.issues;
  const issue = issues.find((i) => i.code === 'unrecognized_keys') ?? issues[0]!;
  // Union members report their own nested issues; follow them so the path names the field.
  const nested = issue.code === 'invalid_union' ? unionBranchIssue(issue.errors) : undefined;
  const where = nested ? [...issue.path, ...nested.path] : issue.path;
  throw new Invalid([...path, ...(where as Path)], describeIssue(issue, value));
}

/** Replaces `${VAR}` (and `${VAR:-default}`) in every string; `$${` is a literal `${`. */
export function interpolate(value: unknown, env: Record<string, string | undefined>, path: Path): unknown {
  if (typeof value === 'string') {
    return value.replace(VARIABLE_RE, (whole, inner: string | undefined) => {
      if (whole === '$${') return '${';
      const m = VARIABLE_NAME_RE.exec(inner ?? '');
      if (!m) throw new Invalid(path, `"${whole}" is not a valid \${VARIABLE} reference`);
      const set = env[m[1]!];
      if (set !== undefined && set !== '') return set;
      if (m[2] !== undefined) return m[2];
      throw new Invalid(path, `\${${m[1]}} is not set`);
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => interpolate(v, env, [...path, i]));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, env, [...path, k])]));
  }
  return value;
}

function defaultInstanceName(url: string): string {
  const u = new URL(url);
  return u.port ? `${u.hostname}:${u.port}` : u.hostname;
}

function parseTarget(key: string, raw: unknown, environment: string, path: Path): Target {
  const colon = key.indexOf(':');
  const kind = key.slice(0, colon);
  const name = key.slice(colon + 1);
  if (colon === -1 || !(CHECK_KINDS as readonly string[]).includes(kind)) {
    throw new Invalid(
      path,
      `a target is named kind:name with kind one of ${CHECK_KINDS.join(', ')} (e.g. redis:cache)`,
    );
  }
  if (!TARGET_NAME_RE.test(name)) {
    throw new Invalid(path, `invalid target name "${name}": use lowercase letters, digits, "-" and "_"`);
  }
  const base = { key, name, environment, intervalMs: DEFAULT_INTERVAL_MS, timeoutMs: DEFAULT_TIMEOUT_MS };
  switch (kind as TargetKind) {
    case 'redis': {
      const t = check(targetSchemas.redis, raw, path);
      return { ...base, ...timings(t), kind: 'redis', url: t.url };
    }
    case 'postgres': {
      const t = check(targetSchemas.postgres, raw, path);
      return { ...base, ...timings(t), kind: 'postgres', url: t.url };
    }
    case 'prometheus': {
      const t = check(targetSchemas.prometheus, raw, path);
      return { ...base, ...timings(t), kind: 'prometheus', url: t.url };
    }
    case 'http': {
      const t = check(targetSchemas.http, raw, path);
      const instances = (t.instances ?? [t.url!]).map((i) =>
        typeof i === 'string' ? { name: defaultInstanceName(i), url: i } : i,
      );
      const names = new Set<string>();
      instances.forEach((i, n) => {
        if (names.has(i.name)) {
          throw new Invalid([...path, 'instances', n], `duplicate instance "${i.name}"; give each a name`);
        }
        names.add(i.name);
      });
      const health = t.healthPath === undefined ? {} : { healthPath: t.healthPath };
      return { ...base, ...timings(t), kind: 'http', instances, ...health };
    }
  }
}

function timings(t: { interval?: number; timeout?: number }) {
  return { intervalMs: t.interval ?? DEFAULT_INTERVAL_MS, timeoutMs: t.timeout ?? DEFAULT_TIMEOUT_MS };
}

function parseThresholds(raw: z.infer<typeof thresholdsSchema> | undefined): Thresholds {
  return {
    redisPingDegradedMs: raw?.redisPingDegraded ?? DEFAULT_THRESHOLDS.redisPingDegradedMs,
    postgresPingDegradedMs: raw?.postgresPingDegraded ?? DEFAULT_THRESHOLDS.postgresPingDegradedMs,
    httpLatencyDegradedMs: raw?.httpLatencyDegraded ?? DEFAULT_THRESHOLDS.httpLatencyDegradedMs,
    latencyTargetMs: raw?.latencyTarget ?? DEFAULT_THRESHOLDS.latencyTargetMs,
    hitRateTarget: raw?.hitRateTarget ?? DEFAULT_THRESHOLDS.hitRateTarget,
  };
}

function parseDocument(doc: unknown, env: Record<string, string | undefined>): TargetsConfig['environments'] {
  if (doc === null || doc === undefined) throw new Invalid([], 'the file is empty; expected environments:');
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    throw new Invalid([], `expected a mapping with environments:, got ${yamlType(doc)}`);
  }
  // Secrets come in through `${VAR}`; they are substituted after YAML parsing so no value can
  // change the document's structure.
  const file = check(fileSchema, interpolate(doc, env, []), []);
  const environments: TargetsConfig['environments'] = {};
  const names = Object.keys(file.environments);
  if (names.length === 0) throw new Invalid(['environments'], 'needs at least one environment');
  for (const name of names) {
    const path: Path = ['environments', name];
    if (!ENVIRONMENT_NAME_RE.test(name)) {
      throw new Invalid(path, 'environment names use lowercase letters, digits, "-" and "_"');
    }
    const rawEnv = file.environments[name] ?? {};
    const parsed = check(environmentSchema, rawEnv, path);
    const targets: Record<string, Target> = {};
    for (const [key, raw] of Object.entries(parsed.targets)) {
      targets[key] = parseTarget(key, raw, name, [...path, 'targets', key]);
    }
    environments[name] = { name, thresholds: parseThresholds(parsed.thresholds), targets };
  }
  return environments;
}

function formatPath(path: Path): string {
  return path.map(String).join('.');
}

/** Parses the text of a config file. Pure: the environment for `${VAR}` is passed in. */
export function parseTargetsConfig(
  text: string,
  file: string,
  env: Record<string, string | undefined> = process.env,
): TargetsConfig {
  let doc: unknown;
  try {
    doc = parseYaml(text, { prettyErrors: true, maxAliasCount: 50 });
  } catch (err) {
    const first = (err instanceof Error ? err.message : String(err)).split('\n')[0]?.replace(/:$/, '') ?? '';
    throw new TargetsConfigError(file, '', `invalid YAML: ${first}`);
  }
  try {
    const environments = parseDocument(doc, env);
    // `local` always means Liftoff itself (its store, Redis, health) unless the file says otherwise,
    // so built-in templates bound to `*:self` keep verifying once a file is added.
    if (!Object.hasOwn(environments, 'local')) {
      environments.local = defaultTargetsConfig(env).environments.local!;
    }
    return { source: { type: 'file', path: file }, environments };
  } catch (err) {
    if (err instanceof Invalid) throw new TargetsConfigError(file, formatPath(err.path), err.problem);
    throw err;
  }
}

/**
 * Without a config file: one environment, `local`, probing Liftoff's own services. PostgreSQL
 * is DATABASE_URL, or the embedded store when there is none (url null).
 */
export function defaultTargetsConfig(env: Record<string, string | undefined> = process.env): TargetsConfig {
  const base = { environment: 'local', intervalMs: DEFAULT_INTERVAL_MS, timeoutMs: DEFAULT_TIMEOUT_MS };
  const targets: Record<string, Target> = {
    'postgres:self': {
      ...base,
      key: 'postgres:self',
      name: 'self',
      kind: 'postgres',
      url: env.DATABASE_URL || null,
    },
  };
  if (env.REDIS_URL) {
    targets['redis:self'] = { ...base, key: 'redis:self', name: 'self', kind: 'redis', url: env.REDIS_URL };
  }
  const port = env.PORT || '3000';
  targets['http:self'] = {
    ...base,
    key: 'http:self',
    name: 'self',
    kind: 'http',
    instances: [{ name: 'self', url: `http://127.0.0.1:${port}` }],
    healthPath: '/api/v1/health',
  };
  return {
    source: { type: 'default' },
    environments: { local: { name: 'local', thresholds: { ...DEFAULT_THRESHOLDS }, targets } },
  };
}

function describeReadError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'file not found';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory, not a file';
  return `cannot read the file (${code ?? 'unknown error'})`;
}

/**
 * Reads and validates the file at `path` (default LIFTOFF_CONFIG); without one, the default
 * `local` environment. Throws TargetsConfigError with a single line on any problem.
 */
export function loadTargetsConfig(
  path: string | undefined = process.env.LIFTOFF_CONFIG,
  env: Record<string, string | undefined> = process.env,
): TargetsConfig {
  if (!path?.trim()) return defaultTargetsConfig(env);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new TargetsConfigError(path, '', describeReadError(err));
  }
  return parseTargetsConfig(text, path, env);
}

const g = globalThis as unknown as { __liftoffTargets?: TargetsConfig };

/** The process's targets configuration, read once (see `setTargetsConfig` for reloads). */
export function targetsConfig(): TargetsConfig {
  g.__liftoffTargets ??= loadTargetsConfig();
  return g.__liftoffTargets;
}

/** Swaps the process's configuration; probes' cached clients are closed by `reloadTargets`. */
export function setTargetsConfig(config: TargetsConfig | undefined): void {
  g.__liftoffTargets = config;
}

/** For boot: prints the one-line problem and exits 1, like `loadEnvOrExit`. */
export function loadTargetsConfigOrExit(): TargetsConfig {
  try {
    return targetsConfig();
  } catch (err) {
    if (err instanceof TargetsConfigError) {
      process.stderr.write(`liftoff: bad configuration: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------
// Lookup

export class TargetLookupError extends Error {
  constructor(
    readonly code: 'unknown-environment' | 'unknown-target',
    message: string,
  ) {
    super(message);
    this.name = 'TargetLookupError';
  }
}

export type TargetLookup = { ok: true; target: Target } | { ok: false; error: TargetLookupError };

const list = (names: string[]) => (names.length ? names.join(', ') : 'none');

export function environmentNames(config: TargetsConfig): string[] {
  return Object.keys(config.environments);
}

/**
 * The only way from a name in a check to something a probe can reach. `ref` is `kind:name`
 * or a parsed TargetRef; anything not in the configuration is refused.
 */
export function resolveTarget(
  config: TargetsConfig,
  environment: string,
  ref: string | TargetRef,
): TargetLookup {
  const key = typeof ref === 'string' ? ref : `${ref.kind}:${ref.name}`;
  const env = Object.hasOwn(config.environments, environment) ? config.environments[environment] : undefined;
  if (!env) {
    return {
      ok: false,
      error: new TargetLookupError(
        'unknown-environment',
        `unknown environment "${environment}"; configured: ${list(environmentNames(config))}`,
      ),
    };
  }
  const target = Object.hasOwn(env.targets, key) ? env.targets[key] : undefined;
  if (!target) {
    return {
      ok: false,
      error: new TargetLookupError(
        'unknown-target',
        `unknown target "${key}" in ${environment}; configured: ${list(Object.keys(env.targets))}`,
      ),
    };
  }
  return { ok: true, target };
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

/** Every secret a target's addresses carry, for scrubbing error messages. */
export function targetSecrets(target: Target): string[] {
  const urls = target.kind === 'http' ? target.instances.map((i) => i.url) : target.url ? [target.url] : [];
  return longestFirst(urls.flatMap(urlSecrets));
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

export interface PublicInstance {
  name: string;
  address: string;
}
export interface PublicTarget {
  key: string;
  kind: TargetKind;
  name: string;
  intervalMs: number;
  timeoutMs: number;
  /** Masked; absent for the embedded store and for http targets (see `instances`). */
  address?: string;
  /** Liftoff's own embedded store. */
  embedded?: true;
  instances?: PublicInstance[];
  /** http: the path the monitor checks on each instance. */
  healthPath?: string;
}
export interface PublicEnvironment {
  name: string;
  thresholds: Thresholds;
  targets: PublicTarget[];
}
export interface PublicTargetsView {
  source: 'file' | 'default';
  /** The config file's path, when there is one. */
  path?: string;
  environments: PublicEnvironment[];
}

export function publicTarget(target: Target): PublicTarget {
  const base = {
    key: target.key,
    kind: target.kind,
    name: target.name,
    intervalMs: target.intervalMs,
    timeoutMs: target.timeoutMs,
  };
  switch (target.kind) {
    case 'http':
      return {
        ...base,
        instances: target.instances.map((i) => ({ name: i.name, address: maskUrl(i.url) })),
        ...(target.healthPath === undefined ? {} : { healthPath: target.healthPath }),
      };
    case 'postgres':
      return target.url === null ? { ...base, embedded: true } : { ...base, address: maskUrl(target.url) };
    default:
      return { ...base, address: maskUrl(target.url) };
  }
}

/** The configuration as API responses and the admin page may show it: no secrets. */
export function publicTargets(config: TargetsConfig): PublicTargetsView {
  return {
    source: config.source.type,
    ...(config.source.type === 'file' ? { path: config.source.path } : {}),
    environments: Object.values(config.environments).map((env) => ({
      name: env.name,
      thresholds: { ...env.thresholds },
      targets: Object.values(env.targets).map(publicTarget),
    })),
  };
}
