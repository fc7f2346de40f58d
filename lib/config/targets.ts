import 'server-only';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { TARGET_NAME_RE, type TargetRef } from '@/lib/checks/ast';
import {
  type AnyTarget,
  type DegradedSetting,
  isTargetKind,
  kindSpec,
  TARGET_KINDS,
  type TargetKind,
} from '@/lib/probes/registry';
import {
  duration,
  Invalid,
  longestFirst,
  type Path,
  type PublicTargetFields,
  urlSecrets,
} from './target-schema';

/**
 * The targets configuration: what probes may reach, per environment. Addresses and secrets
 * come only from here (the file at LIFTOFF_CONFIG, or Liftoff's own services by default),
 * never from a checklist or a request; checks name targets by `kind:name`. Each kind's entry
 * is read by its schema in the probe registry (lib/probes/kinds).
 */

export type { HttpInstance, HttpTarget } from '@/lib/probes/kinds/http';
export type { PostgresTarget } from '@/lib/probes/kinds/postgres';
export type { PrometheusTarget } from '@/lib/probes/kinds/prometheus';
export type { RedisTarget } from '@/lib/probes/kinds/redis';
export type { TcpInstance, TcpTarget } from '@/lib/probes/kinds/tcp';
export type { TargetKind } from '@/lib/probes/registry';
export type { TargetBase } from './target-schema';
export { duration, Invalid, longestFirst, maskUrl, type Path, urlSecrets } from './target-schema';

export type Target = AnyTarget;

/**
 * Per environment: for each kind, the latency above which its probe makes a target degraded
 * (`<setting>Ms`, e.g. `redisPingDegradedMs`; see each kind's `health`), and the chart lines.
 */
export type Thresholds = { [S in DegradedSetting as `${S}Ms`]: number } & {
  /** The latency target line on the health charts. */
  latencyTargetMs: number;
  /** The cache hit-rate target line (0-1). */
  hitRateTarget: number;
};

/** Each kind's degraded threshold once (kinds may share one: a Prometheus scrape is HTTP). */
const DEGRADED = [
  ...new Map(TARGET_KINDS.map((k) => kindSpec(k).health.degraded).map((d) => [d.setting, d])).values(),
];

export const DEFAULT_THRESHOLDS: Thresholds = {
  ...(Object.fromEntries(DEGRADED.map((d) => [`${d.setting}Ms`, d.defaultMs])) as {
    [S in DegradedSetting as `${S}Ms`]: number;
  }),
  latencyTargetMs: 5,
  hitRateTarget: 0.9,
};

/** The limit above which a target of `kind` is degraded. */
export function degradedLimitMs(kind: TargetKind, t: Thresholds): number {
  return t[`${kindSpec(kind).health.degraded.setting as DegradedSetting}Ms`];
}

/** Every degraded threshold with its label, for the admin page: `Redis PING` 100 ms. */
export function degradedLimits(t: Thresholds): { label: string; ms: number }[] {
  return DEGRADED.map((d) => ({ label: d.label, ms: t[`${d.setting as DegradedSetting}Ms`] }));
}

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

const ENVIRONMENT_NAME_RE = /^[a-z0-9][a-z0-9_-]*$/;
const VARIABLE_RE = /\$\$\{|\$\{([^}]*)\}/g;
const VARIABLE_NAME_RE = /^([A-Za-z_][A-Za-z0-9_]*)(?::-(.*))?$/s;

const thresholdsSchema = z.strictObject({
  ...Object.fromEntries(DEGRADED.map((d) => [d.setting, duration(0, 60_000).optional()])),
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

function parseTarget(key: string, raw: unknown, environment: string, path: Path): Target {
  const colon = key.indexOf(':');
  const kind = key.slice(0, colon);
  const name = key.slice(colon + 1);
  if (colon === -1 || !isTargetKind(kind)) {
    throw new Invalid(
      path,
      `a target is named kind:name with kind one of ${TARGET_KINDS.join(', ')} (e.g. redis:cache)`,
    );
  }
  if (!TARGET_NAME_RE.test(name)) {
    throw new Invalid(path, `invalid target name "${name}": use lowercase letters, digits, "-" and "_"`);
  }
  const spec = kindSpec(kind).target;
  const t = check(spec.schema, raw, path) as { interval?: number; timeout?: number };
  const base = {
    key,
    name,
    environment,
    intervalMs: t.interval ?? DEFAULT_INTERVAL_MS,
    timeoutMs: t.timeout ?? DEFAULT_TIMEOUT_MS,
  };
  return spec.resolve(t, base, path) as Target;
}

function parseThresholds(raw: Record<string, number | undefined> | undefined): Thresholds {
  const out: Record<string, number> = { ...DEFAULT_THRESHOLDS };
  for (const d of DEGRADED) out[`${d.setting}Ms`] = raw?.[d.setting] ?? d.defaultMs;
  out.latencyTargetMs = raw?.latencyTarget ?? DEFAULT_THRESHOLDS.latencyTargetMs;
  out.hitRateTarget = raw?.hitRateTarget ?? DEFAULT_THRESHOLDS.hitRateTarget;
  return out as Thresholds;
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

/** Every secret a target's addresses carry, for scrubbing error messages. */
export function targetSecrets(target: Target): string[] {
  return longestFirst(targetUrls(target).flatMap(urlSecrets));
}

/** The target's URLs that may carry credentials (its kind says which). */
export function targetUrls(target: Target): string[] {
  return kindSpec(target.kind).target.urls(target);
}

export type { PublicInstance } from './target-schema';
export interface PublicTarget extends PublicTargetFields {
  key: string;
  kind: TargetKind;
  name: string;
  intervalMs: number;
  timeoutMs: number;
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
  return {
    key: target.key,
    kind: target.kind,
    name: target.name,
    intervalMs: target.intervalMs,
    timeoutMs: target.timeoutMs,
    ...kindSpec(target.kind).target.public(target),
  };
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
