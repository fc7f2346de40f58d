/**
 * On-demand scanner for check lines. The grammar is context-sensitive (`/` is a path in
 * `GET /health` and a division in a Prometheus expression), so the parser asks for the kind
 * of token it expects next instead of consuming a fixed token stream.
 */

export interface Token {
  text: string;
  start: number;
  end: number;
}

/** Thrown inside the parser only; the public entry points turn it into a result. */
export class SyntaxFailure extends Error {
  constructor(
    readonly what: string,
    readonly position: number,
    readonly token: string,
    readonly hint?: string,
  ) {
    super(`${what} at column ${position}${hint ? `; ${hint}` : ''}`);
  }
}

const SPACE_RE = /\s/;

export function isSpace(ch: string | undefined): boolean {
  return ch !== undefined && SPACE_RE.test(ch);
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '\\': '\\', '"': '"', "'": "'" };

export class Scanner {
  pos = 0;
  /** End of the last token read: where "missing ..." errors point. */
  lastEnd = 0;

  constructor(readonly src: string) {}

  /** Skips whitespace and `# comments` (a `#` that starts a word runs to the end of the line). */
  skipSpace(): void {
    const { src } = this;
    while (this.pos < src.length) {
      const ch = src[this.pos];
      if (isSpace(ch)) {
        this.pos++;
      } else if (ch === '#' && (this.pos === 0 || isSpace(src[this.pos - 1]))) {
        const nl = src.indexOf('\n', this.pos);
        this.pos = nl === -1 ? src.length : nl + 1;
      } else {
        return;
      }
    }
  }

  atEnd(): boolean {
    this.skipSpace();
    return this.pos >= this.src.length;
  }

  /** For errors about something missing: a SyntaxFailure pointing just after the last token. */
  missing(what: string, hint?: string): SyntaxFailure {
    return new SyntaxFailure(`missing ${what}`, this.lastEnd, '', hint);
  }

  peek(offset = 0): string | undefined {
    return this.src[this.pos + offset];
  }

  startsWith(text: string): boolean {
    return this.src.startsWith(text, this.pos);
  }

  /** Matches a sticky regex at the cursor and consumes it. */
  match(re: RegExp): (Token & { groups: (string | undefined)[] }) | null {
    const sticky = re.sticky ? re : new RegExp(re.source, `${re.flags}y`);
    sticky.lastIndex = this.pos;
    const m = sticky.exec(this.src);
    if (!m) return null;
    const start = this.pos;
    this.pos += m[0].length;
    this.lastEnd = this.pos;
    return { text: m[0], start, end: this.pos, groups: m.slice(1) };
  }

  /** The run of non-space characters at the cursor, without consuming it. */
  peekWord(): Token | null {
    let end = this.pos;
    while (end < this.src.length && !isSpace(this.src[end])) end++;
    return end === this.pos ? null : { text: this.src.slice(this.pos, end), start: this.pos, end };
  }

  word(): Token | null {
    const token = this.peekWord();
    if (token) this.pos = this.lastEnd = token.end;
    return token;
  }

  /** A `"..."` or `'...'` string with `\\ \" \' \n \r \t` escapes; other backslashes stay literal. */
  quoted(): Token & { value: string } {
    const start = this.pos;
    const quote = this.src[start];
    if (quote !== '"' && quote !== "'") throw new SyntaxFailure('expected a quoted string', start, '');
    let value = '';
    let i = start + 1;
    while (i < this.src.length) {
      const ch = this.src[i] as string;
      if (ch === quote) {
        this.pos = this.lastEnd = i + 1;
        return { text: this.src.slice(start, this.pos), start, end: this.pos, value };
      }
      if (ch === '\\' && i + 1 < this.src.length) {
        const next = this.src[i + 1] as string;
        value += ESCAPES[next] ?? `\\${next}`;
        i += 2;
      } else {
        value += ch;
        i++;
      }
    }
    throw new SyntaxFailure('unterminated string', start, this.src.slice(start), `close it with ${quote}`);
  }

  /** A quoted string or a bare word, whichever is at the cursor. */
  wordOrQuoted(): (Token & { value: string; quoted: boolean }) | null {
    const ch = this.peek();
    if (ch === '"' || ch === "'") return { ...this.quoted(), quoted: true };
    const token = this.word();
    return token ? { ...token, value: token.text, quoted: false } : null;
  }
}

/** Double-quoted with the escapes `Scanner.quoted` reads back. */
export function quoteString(value: string): string {
  const escaped = value
    .replaceAll('\\', '\\\\')
    .replaceAll('"', '\\"')
    .replaceAll('\n', '\\n')
    .replaceAll('\r', '\\r')
    .replaceAll('\t', '\\t');
  return `"${escaped}"`;
}

/** Whether a bare word would read back as exactly `value` in an argument position. */
export function isSafeBareWord(value: string): boolean {
  if (value === '' || /\s/.test(value)) return false;
  const first = value[0];
  return first !== '"' && first !== "'" && first !== '#';
}

/** Levenshtein distance, for "did you mean" hints. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost));
    }
    prev = row;
  }
  return prev[b.length] ?? 0;
}

/** `expected one of a, b, c` plus `did you mean b?` when a candidate is close. */
export function expectedOneOf(actual: string, candidates: readonly string[]): string {
  const lower = actual.toLowerCase();
  const close = candidates
    .map((c) => ({ c, d: editDistance(lower, c.toLowerCase()) }))
    .filter(({ d }) => d <= 2)
    .sort((x, y) => x.d - y.d)[0];
  return `expected one of ${candidates.join(', ')}${close ? ` (did you mean ${close.c}?)` : ''}`;
}
