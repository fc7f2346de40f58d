/**
 * Strips what runs a command somewhere else or differently (`docker exec X`, `docker compose
 * exec X`, `kubectl exec X --`, `sudo`, `env`, `watch`, `sh -c '...'`) so the recognisers see
 * the command itself. The container or service name is kept: it is a good target name.
 */
import type { Word } from './shell';

export interface Unwrapped {
  argv: Word[];
  /** Container, compose service or pod the command runs in. */
  container?: string;
  /** `sh -c '...'` / `watch '...'`: a nested script to read instead of `argv`. */
  script?: string;
}

const ASSIGNMENT_RE = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** Index of the first positional argument at or after `from`, skipping flags (and their values). */
function skipFlags(args: readonly Word[], from: number, withValue: ReadonlySet<string>): number {
  let i = from;
  while (i < args.length) {
    const arg = (args[i] as Word).value;
    if (arg === '--' || !arg.startsWith('-') || arg === '-') return i;
    i++;
    if (arg.includes('=')) continue;
    const combinedLast = /^-[A-Za-z]{2,}$/.test(arg) ? `-${arg.slice(-1)}` : '';
    if (withValue.has(arg) || withValue.has(combinedLast)) i++;
  }
  return i;
}

const set = (...items: string[]) => new Set(items);

const SUDO_VALUE = set(
  '-u',
  '--user',
  '-g',
  '--group',
  '-U',
  '-C',
  '-D',
  '-h',
  '--host',
  '-p',
  '--prompt',
  '-r',
  '-t',
);
const ENV_VALUE = set('-u', '--unset', '-C', '--chdir', '-S');
const WATCH_VALUE = set('-n', '--interval', '-q', '--equexit');
const TIMEOUT_VALUE = set('-s', '--signal', '-k', '--kill-after');
const DOCKER_GLOBAL_VALUE = set('-H', '--host', '-c', '--context', '--config', '-l', '--log-level');
const DOCKER_EXEC_VALUE = set(
  '-u',
  '--user',
  '-e',
  '--env',
  '-w',
  '--workdir',
  '--env-file',
  '--detach-keys',
);
const COMPOSE_GLOBAL_VALUE = set(
  '-f',
  '--file',
  '-p',
  '--project-name',
  '--env-file',
  '--profile',
  '--project-directory',
  '--ansi',
  '--progress',
  '--parallel',
);
const COMPOSE_EXEC_VALUE = set('-u', '--user', '-e', '--env', '-w', '--workdir', '--index');
const KUBECTL_GLOBAL_VALUE = set(
  '-n',
  '--namespace',
  '--context',
  '--kubeconfig',
  '--cluster',
  '--user',
  '-s',
  '--server',
  '--token',
  '--as',
);
const KUBECTL_EXEC_VALUE = set(
  '-c',
  '--container',
  '-n',
  '--namespace',
  '-f',
  '--filename',
  '--pod-running-timeout',
);
const SHELLS = set('sh', 'bash', 'zsh', 'ash', 'dash');

function basename(command: string): string {
  return command.slice(command.lastIndexOf('/') + 1);
}

function containerName(word: Word | undefined): string | undefined {
  if (!word || word.dynamic) return undefined;
  // kubectl accepts `pod/api-0` and `deploy/api`: the name is after the type.
  return word.value.slice(word.value.lastIndexOf('/') + 1) || undefined;
}

/** `exec` with its flags, then the container, then the command. */
function afterExec(
  args: Word[],
  at: number,
  execValue: ReadonlySet<string>,
  dashDash: boolean,
): Unwrapped | null {
  if (args[at]?.value !== 'exec') return null;
  const target = skipFlags(args, at + 1, execValue);
  const container = containerName(args[target]);
  let rest = args.slice(target + 1);
  if (dashDash) {
    const sep = skipFlags(rest, 0, execValue);
    rest = rest[sep]?.value === '--' ? rest.slice(sep + 1) : rest.slice(sep);
  }
  return { argv: rest, container };
}

/** Peels wrappers until the command itself; `container` is the innermost one named. */
export function unwrapCommand(argv: Word[]): Unwrapped {
  let args = argv;
  let container: string | undefined;
  for (let guard = 0; guard < 8; guard++) {
    let i = 0;
    while (i < args.length && ASSIGNMENT_RE.test((args[i] as Word).value)) i++;
    args = args.slice(i);
    const head = basename(args[0]?.value ?? '');
    let next: Unwrapped | null = null;
    switch (head) {
      case 'sudo':
        next = { argv: args.slice(skipFlags(args, 1, SUDO_VALUE)) };
        break;
      case 'env':
        next = { argv: args.slice(skipFlags(args, 1, ENV_VALUE)) };
        break;
      case 'time':
      case 'nohup':
      case 'command':
      case 'exec':
        next = { argv: args.slice(1) };
        break;
      case 'timeout':
        next = { argv: args.slice(skipFlags(args, 1, TIMEOUT_VALUE) + 1) };
        break;
      case 'watch': {
        const rest = args.slice(skipFlags(args, 1, WATCH_VALUE));
        if (rest.length === 1) return { argv: [], container, script: rest[0]?.value ?? '' };
        next = { argv: rest };
        break;
      }
      case 'docker': {
        const sub = skipFlags(args, 1, DOCKER_GLOBAL_VALUE);
        if (args[sub]?.value === 'compose') {
          next = afterExec(args, skipFlags(args, sub + 1, COMPOSE_GLOBAL_VALUE), COMPOSE_EXEC_VALUE, false);
        } else {
          next = afterExec(args, sub, DOCKER_EXEC_VALUE, false);
        }
        if (!next) return { argv: args, container };
        break;
      }
      case 'docker-compose':
        next = afterExec(args, skipFlags(args, 1, COMPOSE_GLOBAL_VALUE), COMPOSE_EXEC_VALUE, false);
        if (!next) return { argv: args, container };
        break;
      case 'kubectl':
        next = afterExec(args, skipFlags(args, 1, KUBECTL_GLOBAL_VALUE), KUBECTL_EXEC_VALUE, true);
        if (!next) return { argv: args, container };
        break;
      default:
        if (SHELLS.has(head)) {
          const flag = args.findIndex((a, n) => n > 0 && /^-[a-z]*c[a-z]*$/.test(a.value));
          const script = flag === -1 ? undefined : args[flag + 1];
          if (script) return { argv: [], container, script: script.value };
        }
        return { argv: args, container };
    }
    args = next.argv;
    container = next.container ?? container;
  }
  return { argv: args, container };
}
