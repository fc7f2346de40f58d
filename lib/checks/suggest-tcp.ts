/**
 * Ports → tcp checks: `nc -z host port` (netcat's scan mode: connect, send nothing),
 * `lsof -i :port` said to be free, and items like "Port 6379 available for Redis" (free: a
 * pre-deployment check) or "port 8000 open" (something answers; the words are read in
 * rules/ports.ts). Nothing is ever connected to.
 */
import type { Check } from './ast';
import { type Candidate, hasOption, readOptions, targetName } from './commands';

/** netcat options that take a value (OpenBSD nc, GNU netcat, ncat's short forms). */
const NC_VALUE = new Set([
  '-w',
  '-i',
  '-p',
  '-s',
  '-q',
  '-x',
  '-X',
  '-O',
  '-I',
  '-T',
  '-V',
  '-M',
  '-m',
  '-P',
]);
const PORT_RE = /^\d{1,5}$/;
/** "# should be closed", "must not be listening": the author expects nothing to answer. */
const FREE_RE =
  /\b(?:free|closed|unused|refused)\b|\bnot\s+(?:be\s+)?(?:open|listening|in use|reachable)\b|\bshould\s+fail\b/i;
/** `-i :6379`, `-i TCP:6379`, `-i tcp@db:5432` (lsof's internet address form). */
const LSOF_ADDRESS_RE = /^[46]?(tcp)?(?:@([^:\s]+))?:(\d{1,5})$/i;

const validPort = (text: string) => PORT_RE.test(text) && Number(text) >= 1 && Number(text) <= 65535;

function check(name: string, op: 'connect' | 'free'): Check {
  return { target: { kind: 'tcp', name }, probe: { kind: 'tcp', op }, conditions: [] };
}

/** `nc -z [-v] [-w 3] host port [port…]`: one check per port; UDP, listening and ranges yield nothing. */
export function ncChecks(c: Candidate): Check[] {
  const opts = readOptions(c.argv.slice(1), NC_VALUE);
  if (!hasOption(opts, '-z') || hasOption(opts, '-u', '-l', '--udp', '--listen')) return [];
  const [host, ...ports] = opts.positional;
  if (!host || host.dynamic || ports.length === 0 || ports.some((p) => p.dynamic || !validPort(p.value)))
    return [];
  const op = FREE_RE.test(c.expect.context) ? 'free' : 'connect';
  return ports.map((p) => {
    const name = targetName(host, c.container, `port-${p.value}`);
    return check(ports.length > 1 && !name.endsWith(p.value) ? `${name}-${p.value}` : name, op);
  });
}

/** `lsof -i :6379  # should be free`: only when the text says the port must be free. */
export function lsofChecks(c: Candidate): Check[] {
  if (!FREE_RE.test(c.expect.context)) return [];
  const opts = readOptions(c.argv.slice(1), new Set(['-i']));
  return opts.options.flatMap((o) => {
    const m = o.name === '-i' && o.value && !o.value.dynamic ? LSOF_ADDRESS_RE.exec(o.value.value) : null;
    if (!m || !validPort(m[3] as string)) return [];
    return [check(targetName(m[2], c.container, `port-${m[3]}`), 'free')];
  });
}
