/** `curl [-X GET|HEAD] URL` → an http check on the path; the address never enters the check. */
import type { Check, Condition, HttpMethod } from './ast';
import { type Candidate, grepsOf, hasOption, optionValue, readOptions, targetName } from './commands';
import { bodyConditions } from './expectations';
import type { Word } from './shell';

/** Flags that send a body or upload: they take a value, and they make a request a write. */
const DATA_FLAGS = [
  '-d',
  '--data',
  '--data-raw',
  '--data-binary',
  '--data-urlencode',
  '--data-ascii',
  '--json',
  '-F',
  '--form',
  '--form-string',
  '-T',
  '--upload-file',
];

const CURL_VALUE = new Set([
  '-X',
  '--request',
  '-H',
  '--header',
  ...DATA_FLAGS,
  '-u',
  '--user',
  '-o',
  '--output',
  '-w',
  '--write-out',
  '-m',
  '--max-time',
  '--connect-timeout',
  '-A',
  '--user-agent',
  '-e',
  '--referer',
  '-b',
  '--cookie',
  '-c',
  '--cookie-jar',
  '--retry',
  '--retry-delay',
  '--retry-max-time',
  '--cacert',
  '--capath',
  '--cert',
  '-E',
  '--key',
  '--resolve',
  '--connect-to',
  '--url',
  '-x',
  '--proxy',
  '-r',
  '--range',
  '-K',
  '--config',
  '--limit-rate',
  '--max-redirs',
  '--oauth2-bearer',
  '-Y',
  '-y',
  '-z',
  '--interface',
  '-C',
]);

/** Flags that send data or read a config file: not a read. */
const WRITE_FLAGS = [...DATA_FLAGS, '-K', '--config', '-G', '--get'];

const LOCALISH_RE = /^(localhost|[\w-]+(\.[\w-]+)+|\[[0-9a-f:]+\])(:\d+)?([/?].*)?$/i;
const VARIABLE_URL_RE = /^(?:\$\{?\w+\}?|\$\([^)]*\))(\/[^\s]*)?$/;

interface Location {
  host?: string;
  path: string;
}

/** Host and path (with query) of what curl would fetch; null for non-HTTP or unreadable URLs. */
export function locate(word: Word): Location | null {
  const text = word.value.trim();
  if (word.dynamic) {
    // `$API_URL/health`: the host is unknown, the path is still useful.
    const m = VARIABLE_URL_RE.exec(text);
    return m ? { path: m[1] || '/' } : null;
  }
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text)
    ? text
    : LOCALISH_RE.test(text)
      ? `http://${text}`
      : null;
  if (!withScheme || !/^https?:\/\//i.test(withScheme)) return null;
  try {
    const url = new URL(withScheme);
    return { host: url.hostname, path: `${url.pathname || '/'}${url.search}` };
  } catch {
    return null;
  }
}

export function curlChecks(c: Candidate): Check[] {
  const opts = readOptions(c.argv.slice(1), CURL_VALUE);
  if (WRITE_FLAGS.some((f) => hasOption(opts, f))) return [];
  const requested = optionValue(opts, '-X', '--request')?.value.toUpperCase();
  const method: string = requested ?? (hasOption(opts, '-I', '--head') ? 'HEAD' : 'GET');
  if (method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS') return [];
  const urlWord = optionValue(opts, '--url') ?? opts.positional[0];
  const location = urlWord ? locate(urlWord) : null;
  if (!location) return [];

  const literal = c.expect.literal;
  const status = literal && /^[1-5]\d\d$/.test(literal) ? Number(literal) : 200;
  const conditions: Condition[] = [
    { subject: { type: 'status' }, op: '==', value: { type: 'number', value: status } },
  ];
  if (c.expect.json !== undefined) conditions.push(...bodyConditions(c.expect.json));
  for (const grep of grepsOf(c)) {
    if (grep.invert || grep.ignoreCase) continue;
    for (const pattern of grep.patterns) {
      // Only plain words: `contains` is a substring test, not a regex.
      if (/^[\w:-]+$/.test(pattern))
        conditions.push({ subject: { type: 'body', path: [] }, op: 'contains', text: pattern });
    }
  }
  const name = targetName(location.host, c.container, 'api');
  return [
    {
      target: { kind: 'http', name },
      probe: { kind: 'http', op: 'request', method: method as HttpMethod, path: location.path },
      conditions,
    },
  ];
}
