/**
 * Just enough POSIX shell reading to find commands in checklist snippets: quotes, escapes,
 * `\` continuations, comments, pipes, separators, redirects and heredocs. Nothing is expanded
 * or executed; words that would expand (`$VAR`, `$(...)`) are flagged as dynamic.
 */

export interface Word {
  /** The word with quotes removed and escapes applied; expansions kept as written. */
  value: string;
  /** True when the shell would expand part of it (`$HOST`, `$(date)`, backticks). */
  dynamic: boolean;
}

export interface Redirect {
  op: string;
  target: string;
}

export interface Stage {
  argv: Word[];
  redirects: Redirect[];
}

export interface ShellCommand {
  /** Pipeline stages; the first is the command itself. */
  stages: Stage[];
  /** The command as written, from its first to its last character. */
  source: string;
  /** Comments on the same line and on the lines right after it (where "# Expected: PONG" lives). */
  comments: string[];
  /** Comment lines right before it ("# Check active sessions"). */
  leadingComments: string[];
  /** Reads a heredoc (data or commands fed on stdin). */
  heredoc: boolean;
}

type Token =
  | { type: 'word'; word: Word; start: number; end: number }
  | { type: 'op'; op: string; start: number; end: number }
  | { type: 'comment'; text: string; ownLine: boolean; start: number; end: number };

const OP_CHARS = new Set(['|', '&', ';', '(', ')', '<', '>', '\n']);
const OPERATORS = [
  '<<<',
  '<<-',
  '&>>',
  '>>',
  '<<',
  '>&',
  '<&',
  '&>',
  '>|',
  '&&',
  '||',
  '|&',
  '|',
  '&',
  ';',
  '(',
  ')',
  '<',
  '>',
  '\n',
];
const REDIRECTS = new Set(['<<<', '<<-', '&>>', '>>', '<<', '>&', '<&', '&>', '>|', '<', '>']);

function readBalanced(src: string, i: number, open: string, close: string): number {
  let depth = 0;
  for (let j = i; j < src.length; j++) {
    const ch = src[j];
    if (ch === '\\') j++;
    else if (ch === "'") {
      const end = src.indexOf("'", j + 1);
      if (end === -1) return src.length;
      j = end;
    } else if (ch === open) depth++;
    else if (ch === close && --depth === 0) return j + 1;
  }
  return src.length;
}

/** End of a `$(...)`, `${...}` or `$NAME` expansion starting at `i`, or -1 for a literal `$`. */
function expansionEnd(src: string, i: number): number {
  const next = src[i + 1] ?? '';
  if (next === '(') return readBalanced(src, i + 1, '(', ')');
  if (next === '{') return readBalanced(src, i + 1, '{', '}');
  if (!/[A-Za-z_0-9@*#?$!-]/.test(next)) return -1;
  let end = i + 2;
  if (/[A-Za-z_]/.test(next)) while (end < src.length && /\w/.test(src[end] as string)) end++;
  return end;
}

/** Reads one word starting at `i`; returns it and the index after it. */
function readWord(src: string, start: number): { word: Word; end: number } {
  let value = '';
  let dynamic = false;
  let i = start;
  const expansion = (): boolean => {
    const end = expansionEnd(src, i);
    if (end === -1) return false;
    value += src.slice(i, end);
    dynamic = true;
    i = end;
    return true;
  };
  /** A `command` substitution, kept as written and marking the word as dynamic (same in and out of quotes). */
  const substitution = () => {
    const end = src.indexOf('`', i + 1);
    const stop = end === -1 ? src.length : end + 1;
    value += src.slice(i, stop);
    dynamic = true;
    i = stop;
  };
  while (i < src.length) {
    const ch = src[i] as string;
    if (ch === ' ' || ch === '\t' || OP_CHARS.has(ch)) break;
    if (ch === '\\') {
      if (src[i + 1] !== '\n' && i + 1 < src.length) value += src[i + 1];
      i += 2;
    } else if (ch === "'") {
      const end = src.indexOf("'", i + 1);
      const stop = end === -1 ? src.length : end;
      value += src.slice(i + 1, stop);
      i = stop + 1;
    } else if (ch === '"') {
      i++;
      while (i < src.length && src[i] !== '"') {
        const c = src[i] as string;
        if (c === '\\' && /[$`"\\\n]/.test(src[i + 1] ?? '')) {
          if (src[i + 1] !== '\n') value += src[i + 1];
          i += 2;
        } else if (c === '$' && expansion()) {
          // consumed by expansion()
        } else if (c === '`') {
          substitution();
        } else {
          value += c;
          i++;
        }
      }
      i++;
    } else if (ch === '$' && expansion()) {
      // consumed by expansion()
    } else if (ch === '`') {
      substitution();
    } else {
      value += ch;
      i++;
    }
  }
  return { word: { value, dynamic }, end: Math.min(i, src.length) };
}

function tokenize(input: string): Token[] {
  const src = input.replace(/\r\n?/g, '\n');
  const tokens: Token[] = [];
  const heredocs: string[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i] as string;
    if (ch === ' ' || ch === '\t') {
      i++;
    } else if (ch === '\\' && src[i + 1] === '\n') {
      i += 2;
    } else if (ch === '#') {
      const nl = src.indexOf('\n', i);
      const end = nl === -1 ? src.length : nl;
      const lineStart = src.lastIndexOf('\n', i - 1) + 1;
      const ownLine = src.slice(lineStart, i).trim() === '';
      tokens.push({ type: 'comment', text: src.slice(i + 1, end).trim(), ownLine, start: i, end });
      i = end;
    } else if (OP_CHARS.has(ch) || (/\d/.test(ch) && /^\d+[<>]/.test(src.slice(i, i + 12)))) {
      const fd = /^\d*/.exec(src.slice(i, i + 12))?.[0] ?? '';
      const op = OPERATORS.find((o) => src.startsWith(o, i + fd.length)) ?? ch;
      tokens.push({ type: 'op', op, start: i, end: i + fd.length + op.length });
      i += fd.length + op.length;
      if (op === '<<' || op === '<<-') {
        while (src[i] === ' ' || src[i] === '\t') i++;
        const { word, end } = readWord(src, i);
        heredocs.push(word.value);
        tokens.push({ type: 'word', word, start: i, end });
        i = end;
      } else if (op === '\n' && heredocs.length > 0) {
        // Heredoc bodies are data, not commands: skip to each delimiter line.
        for (const delimiter of heredocs.splice(0)) {
          while (i < src.length) {
            const nl = src.indexOf('\n', i);
            const line = src.slice(i, nl === -1 ? src.length : nl);
            i = nl === -1 ? src.length : nl + 1;
            if (line.trim() === delimiter) break;
          }
        }
      }
    } else {
      const { word, end } = readWord(src, i);
      tokens.push({ type: 'word', word, start: i, end });
      i = end;
    }
  }
  return tokens;
}

type OpenCommand = ShellCommand & { start: number; end: number };

function openCommand(start: number, leadingComments: string[]): OpenCommand {
  return {
    stages: [{ argv: [], redirects: [] }],
    source: '',
    comments: [],
    leadingComments,
    heredoc: false,
    start,
    end: start,
  };
}

/** Splits a snippet into commands (at `;`, `&&`, `||`, `&`, newlines and parentheses). */
export function parseShell(input: string): ShellCommand[] {
  const src = input.replace(/\r\n?/g, '\n');
  const tokens = tokenize(src);
  const commands: ShellCommand[] = [];
  let current: OpenCommand | null = null;
  let last: ShellCommand | null = null;
  let leading: string[] = [];

  const finish = (cmd: OpenCommand | null): ShellCommand | null => {
    if (!cmd?.stages.some((s) => s.argv.length > 0)) return null;
    const { start, end, ...command } = cmd;
    command.source = src.slice(start, end).trim();
    commands.push(command);
    return command;
  };

  for (let t = 0; t < tokens.length; t++) {
    const token = tokens[t] as Token;
    if (token.type === 'comment') {
      const target: ShellCommand | null = token.ownLine ? last : (current ?? last);
      target?.comments.push(token.text);
      if (token.ownLine) leading.push(token.text);
      continue;
    }
    if (token.type === 'word') {
      if (!current) {
        current = openCommand(token.start, leading);
        leading = [];
      }
      current.stages[current.stages.length - 1]?.argv.push(token.word);
      current.end = token.end;
      continue;
    }
    if (REDIRECTS.has(token.op)) {
      if (!current) {
        current = openCommand(token.start, leading);
        leading = [];
      }
      const next = tokens[t + 1];
      const target = next?.type === 'word' ? next.word.value : '';
      current.stages[current.stages.length - 1]?.redirects.push({ op: token.op, target });
      if (token.op === '<<' || token.op === '<<-') current.heredoc = true;
      current.end = next?.type === 'word' ? next.end : token.end;
      if (next?.type === 'word') t++;
      continue;
    }
    if (token.op === '|' || token.op === '|&') {
      current?.stages.push({ argv: [], redirects: [] });
      continue;
    }
    const previous = tokens[t - 1];
    // A blank line ends what the comments that follow can refer to.
    if (token.op === '\n' && previous?.type === 'op' && previous.op === '\n') last = null;
    last = finish(current) ?? last;
    current = null;
  }
  finish(current);
  return commands;
}
