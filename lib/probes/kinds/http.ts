import 'server-only';
import { z } from 'zod';
import { type ArgType, count } from '@/lib/checks/args';
import type { PolicyViolation } from '@/lib/checks/ast';
import { type Scanner, SyntaxFailure, type Token } from '@/lib/checks/tokenizer';
import {
  httpUrl,
  instanceName,
  maskUrl,
  type TargetBase,
  timing,
  uniqueInstanceNames,
} from '@/lib/config/target-schema';
import { requestInstance } from '../http-fetch';
import { chosenInstance, kindOf } from '../kind';
import { percentiles } from '../outcome';

/**
 * `http:<name>`: a service's instances, each probed and judged on its own. A check writes only
 * a method and a path (`http:api GET /health`); origins come from the configuration.
 */

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

/** Checks only read: a scheduler runs them repeatedly on every instance. */
export const HTTP_METHODS = ['GET', 'HEAD', 'OPTIONS'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** The one path a `self` target answers. */
const SELF_HTTP_PATH = '/api/v1/health';
/** The threshold the Prometheus kind shares: a scrape is an HTTP request. */
export const HTTP_DEGRADED = { setting: 'httpLatencyDegraded', defaultMs: 1_000, label: 'HTTP' } as const;

/** An instance is an origin with an optional base path: the check supplies the rest. */
const instanceUrl = httpUrl.refine((v) => {
  // Refinements all run: a value the check above refused is not reported twice.
  const u = URL.canParse(v) ? new URL(v) : null;
  return !u || (u.search === '' && u.hash === '');
}, 'an instance URL takes no query string or fragment');

const instanceSchema = z.union([instanceUrl, z.strictObject({ name: instanceName, url: instanceUrl })]);

function defaultInstanceName(url: string): string {
  const u = new URL(url);
  return u.port ? `${u.hostname}:${u.port}` : u.hostname;
}

function urlNotAllowed(token: Token): SyntaxFailure {
  return new SyntaxFailure(
    `full URLs are not allowed ("${token.text}")`,
    token.start,
    token.text,
    'write only the path, e.g. GET /api/v1/health: addresses come only from the targets configuration',
  );
}

const method: ArgType<HttpMethod> = {
  parse(sc: Scanner) {
    if (sc.atEnd()) throw sc.missing('HTTP method and path', 'e.g. GET /api/v1/health');
    const word = sc.word() as Token;
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(word.text)) throw urlNotAllowed(word);
    if (word.text.startsWith('/')) {
      throw new SyntaxFailure(
        `expected an HTTP method before "${word.text}"`,
        word.start,
        word.text,
        'e.g. GET /api/v1/health',
      );
    }
    const upper = word.text.toUpperCase();
    if (!(HTTP_METHODS as readonly string[]).includes(upper)) {
      throw new SyntaxFailure(
        `method "${word.text}" is not allowed`,
        word.start,
        word.text,
        `checks only read: ${HTTP_METHODS.join(', ')}`,
      );
    }
    return upper as HttpMethod;
  },
  format: (value) => value,
};

/** Starts with `/`; the origin always comes from the target configuration. */
const path: ArgType<string> = {
  parse(sc: Scanner) {
    if (sc.atEnd()) throw sc.missing('path', 'e.g. /api/v1/health');
    const word = sc.word() as Token;
    if (/^[a-z][a-z0-9+.-]*:/i.test(word.text) || word.text.startsWith('//')) throw urlNotAllowed(word);
    if (!word.text.startsWith('/')) {
      throw new SyntaxFailure(`the path must start with "/" ("${word.text}")`, word.start, word.text);
    }
    // A backslash reads as "/" in URL parsing, so `/\host` could leave the configured origin.
    if (/[\\\u0000-\u001f\u007f]/.test(word.text)) {
      throw new SyntaxFailure('invalid character in the path', word.start, word.text);
    }
    return word.text;
  },
  format: (value) => value,
};

const addresses = (t: HttpTarget) => t.instances.map((i) => ({ name: i.name, address: maskUrl(i.url) }));

/** A check without conditions asks for an answer that is not an error. */
const BELOW_400 = { subject: { type: 'status' }, op: '<', value: { type: 'number', value: 400 } } as const;

/** `self` answers only its health endpoint. */
function healthPathOnly(probe: { method: HttpMethod; path: string }, key: string): PolicyViolation | null {
  return probe.path.split('?')[0] !== SELF_HTTP_PATH || probe.method === 'OPTIONS'
    ? { message: `${key} answers only GET or HEAD ${SELF_HTTP_PATH}`, token: probe.path }
    : null;
}

const k = kindOf<HttpTarget, HttpInstance>();

export const http = k.define({
  kind: 'http',
  title: 'HTTP',
  target: {
    schema: z
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
    resolve(raw, base, at) {
      const instances = (raw.instances ?? [raw.url!]).map((i) =>
        typeof i === 'string' ? { name: defaultInstanceName(i), url: i } : i,
      );
      uniqueInstanceNames(instances, at);
      const health = raw.healthPath === undefined ? {} : { healthPath: raw.healthPath };
      return { ...base, kind: 'http', instances, ...health };
    },
    urls: (t) => t.instances.map((i) => i.url),
    public: (t) => ({
      instances: addresses(t),
      ...(t.healthPath === undefined ? {} : { healthPath: t.healthPath }),
    }),
    instances: addresses,
  },
  probes: {
    request: k.probe({
      args: { method, path },
      implied: [BELOW_400],
      self: true,
      onSelf: (probe, key) => healthPathOnly(probe, key),
      run: (instance, request, ctx) => requestInstance(instance, request, ctx.signal),
    }),
    /** `samples` requests one after the other: `[VALUE]` is the p99, `[LATENCY]` the p50, `[STATUS]` the worst. */
    latency: k.probe({
      args: { samples: count('request count', 10, 200), method, path },
      implied: [BELOW_400],
      self: true,
      onSelf: (probe, key) => healthPathOnly(probe, key),
      async run(instance, { samples, ...request }, ctx) {
        const times: number[] = [];
        const statuses: Record<string, number> = {};
        while (times.length < samples && !ctx.signal.aborted) {
          const r = await requestInstance(instance, request, ctx.signal);
          if (r.ok === false) return r;
          times.push(r.latencyMs ?? 0);
          statuses[String(r.status)] = (statuses[String(r.status)] ?? 0) + 1;
        }
        const figures = percentiles(times);
        const worst = Math.max(...Object.keys(statuses).map(Number));
        return {
          value: figures.p99Ms,
          status: worst,
          body: { ...figures, statuses },
          latencyMs: figures.p50Ms,
        };
      },
    }),
  },
  bare: 'request',
  subjects: ['status', 'body', 'header'],
  open: (target, ctx) => chosenInstance(target.instances, ctx),
  /** Every instance at once: a dead instance must not delay the others' samples. */
  sample(target, ctx) {
    const path = target.healthPath ?? '/';
    return Promise.all(
      target.instances.map(async (instance) => {
        const r = await ctx.probe(
          { kind: 'http', op: 'request', method: 'GET', path },
          { instance: instance.name },
        );
        const up = r.ok && r.status !== undefined && r.status < 400;
        return {
          result: r,
          instance: instance.name,
          up,
          value: r.status ?? null,
          ...(up || !r.ok ? {} : { error: `HTTP ${r.status} from GET ${path}` }),
        };
      }),
    );
  },
  health: { probe: 'response', degraded: HTTP_DEGRADED },
});
