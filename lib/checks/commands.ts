/** Shared pieces of the command recognisers: options, pipelines, target names. */
import type { Expectations } from './expectations';
import type { Redirect, Stage, Word } from './shell';

/** A command found in a checklist, wrappers already stripped. */
export interface Candidate {
  argv: Word[];
  /** docker container / compose service / pod it ran in. */
  container?: string;
  /** Pipeline stages after the command (`| grep x`). */
  filters: Stage[];
  redirects: Redirect[];
  heredoc: boolean;
  expect: Expectations;
}

export interface Option {
  name: string;
  value?: Word;
}

export interface Options {
  options: Option[];
  positional: Word[];
}

/**
 * getopt-style reading: `--name=value`, `--name value`, `-x value`, `-xvalue`, combined `-sSf`.
 * With `stopAtPositional` (redis-cli), everything from the first positional on is positional.
 */
export function readOptions(
  args: readonly Word[],
  withValue: ReadonlySet<string>,
  stopAtPositional = false,
): Options {
  const options: Option[] = [];
  const positional: Word[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as Word;
    const text = arg.value;
    if (text === '--') {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (!text.startsWith('-') || text === '-' || /^-\d/.test(text)) {
      if (stopAtPositional) {
        positional.push(...args.slice(i));
        break;
      }
      positional.push(arg);
      continue;
    }
    if (text.startsWith('--')) {
      const eq = text.indexOf('=');
      if (eq !== -1)
        options.push({ name: text.slice(0, eq), value: { value: text.slice(eq + 1), dynamic: arg.dynamic } });
      else if (withValue.has(text)) options.push({ name: text, value: args[++i] });
      else options.push({ name: text });
      continue;
    }
    if (withValue.has(text)) {
      options.push({ name: text, value: args[++i] });
      continue;
    }
    // Combined short flags: the first letter that takes a value takes the rest (or the next arg).
    for (let c = 1; c < text.length; c++) {
      const name = `-${text[c]}`;
      if (!withValue.has(name)) {
        options.push({ name });
        continue;
      }
      const rest = text.slice(c + 1);
      options.push({ name, value: rest ? { value: rest, dynamic: arg.dynamic } : args[++i] });
      break;
    }
  }
  return { options, positional };
}

export function optionValue(opts: Options, ...names: string[]): Word | undefined {
  return opts.options.find((o) => names.includes(o.name))?.value;
}

export function hasOption(opts: Options, ...names: string[]): boolean {
  return opts.options.some((o) => names.includes(o.name));
}

export function basename(command: string): string {
  return command.slice(command.lastIndexOf('/') + 1);
}

/** Text filters that only reshape output; anything else in a pipeline (xargs, sh) disqualifies. */
const SAFE_FILTERS = new Set([
  'grep',
  'egrep',
  'fgrep',
  'wc',
  'jq',
  'head',
  'tail',
  'sort',
  'uniq',
  'cut',
  'awk',
  'sed',
  'tr',
  'less',
  'more',
  'cat',
  'column',
  'tee',
]);

/** Whether a candidate only reads: no stdin data, no heredoc, nothing but filters after it. */
export function onlyReads(c: Candidate): boolean {
  if (c.heredoc || c.redirects.some((r) => r.op.startsWith('<'))) return false;
  return c.filters.every((s) => {
    const head = basename(s.argv[0]?.value ?? '');
    return SAFE_FILTERS.has(head) && !(head === 'sed' && s.argv.some((a) => a.value.startsWith('-i')));
  });
}

export interface Grep {
  patterns: string[];
  invert: boolean;
  ignoreCase: boolean;
}

const GREP_VALUE = new Set([
  '-e',
  '--regexp',
  '-f',
  '--file',
  '-A',
  '-B',
  '-C',
  '-m',
  '--max-count',
  '--color',
  '--colour',
]);

/** `grep [-E] "a|b"` / `grep -e a -e b` → the alternatives, as written. */
export function grepsOf(c: Candidate): Grep[] {
  const greps: Grep[] = [];
  for (const stage of c.filters) {
    const head = basename(stage.argv[0]?.value ?? '');
    if (!['grep', 'egrep', 'fgrep'].includes(head)) continue;
    const opts = readOptions(stage.argv.slice(1), GREP_VALUE);
    const explicit = opts.options
      .filter((o) => o.name === '-e' || o.name === '--regexp')
      .map((o) => o.value?.value ?? '');
    const pattern = explicit.length > 0 ? explicit : opts.positional.slice(0, 1).map((w) => w.value);
    const extended = head === 'egrep' || hasOption(opts, '-E', '-P', '--extended-regexp', '--perl-regexp');
    const fixed = head === 'fgrep' || hasOption(opts, '-F', '--fixed-strings');
    const patterns = pattern.flatMap((p) => (fixed ? [p] : p.split(extended ? '|' : '\\|')));
    greps.push({
      patterns,
      invert: hasOption(opts, '-v', '--invert-match'),
      ignoreCase: hasOption(opts, '-i', '--ignore-case'),
    });
  }
  return greps;
}

/** `| wc -l > 1000`: the shell would write a file named 1000, but the author means a count. */
export function countComparison(c: Candidate): { op: '>' | '<'; n: number } | undefined {
  const last = c.filters[c.filters.length - 1];
  if (!last || basename(last.argv[0]?.value ?? '') !== 'wc' || !last.argv.some((a) => a.value === '-l'))
    return undefined;
  const r = last.redirects.find((x) => (x.op === '>' || x.op === '<') && /^\d+$/.test(x.target));
  return r ? { op: r.op as '>' | '<', n: Number(r.target) } : undefined;
}

const LOCAL_HOST_RE = /^(localhost|127(\.\d+){3}|0\.0\.0\.0|::1?|\[::1?\]|host\.docker\.internal)$/i;
const IP_RE = /^(\d+\.){3}\d+$|^\[?[0-9a-f]*:[0-9a-f:]*\]?$/i;

export function sanitizeName(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .replace(/[-_]+$/, '')
    .slice(0, 63);
}

/**
 * Target name for a suggestion: a real host name (its first label), else the container the
 * command ran in, else the kind's conventional name. Only a hint: targets are remapped later.
 */
export function targetName(
  host: Word | string | undefined,
  container: string | undefined,
  fallback: string,
): string {
  const h = typeof host === 'string' ? host : host && !host.dynamic ? host.value : undefined;
  if (h && !LOCAL_HOST_RE.test(h) && !IP_RE.test(h)) {
    const name = sanitizeName(h.split('.')[0] ?? '');
    if (name) return name;
  }
  const fromContainer = container ? sanitizeName(container) : '';
  return fromContainer || fallback;
}

/** Host of a `scheme://user:pass@host:port/...` URL, ignoring the credentials. */
export function hostOfUrl(url: string): string | undefined {
  const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)/i.exec(url);
  return m?.[1] || undefined;
}
