import type { PromSample } from '@/lib/checks/prom';

/**
 * A small parser for the Prometheus text exposition format (and the OpenMetrics text that
 * most clients also serve). parse-prometheus-text-format folds histograms and summaries into
 * nested objects and drops `_bucket`/`_sum`/`_count` as series, has no types, and is CJS-only;
 * checks want flat samples, so this is 80 lines of our own.
 */

const NAME_RE = /[a-zA-Z_:][a-zA-Z0-9_:]*/y;
const LABEL_RE = /[a-zA-Z_][a-zA-Z0-9_]*/y;

export interface Exposition {
  samples: PromSample[];
  /** Lines that were neither comments nor samples. */
  invalidLines: number;
}

function parseValue(text: string): number | null {
  switch (text) {
    case '+Inf':
    case 'Inf':
      return Number.POSITIVE_INFINITY;
    case '-Inf':
      return Number.NEGATIVE_INFINITY;
    case 'NaN':
      return Number.NaN;
  }
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) return null;
  return Number(text);
}

/** `{a="x",b="y\"z"}` starting at `i`; returns the labels and the index after `}`. */
function parseLabels(line: string, i: number): { labels: Record<string, string>; end: number } | null {
  const labels: Record<string, string> = {};
  let pos = i + 1;
  const skip = () => {
    while (line[pos] === ' ' || line[pos] === '\t') pos++;
  };
  for (;;) {
    skip();
    if (line[pos] === '}') return { labels, end: pos + 1 };
    LABEL_RE.lastIndex = pos;
    const name = LABEL_RE.exec(line);
    if (!name) return null;
    pos = LABEL_RE.lastIndex;
    skip();
    if (line[pos] !== '=') return null;
    pos++;
    skip();
    if (line[pos] !== '"') return null;
    pos++;
    let value = '';
    for (;;) {
      const ch = line[pos];
      if (ch === undefined) return null;
      if (ch === '"') break;
      if (ch === '\\') {
        const next = line[pos + 1];
        value += next === 'n' ? '\n' : (next ?? '');
        pos += 2;
        continue;
      }
      value += ch;
      pos++;
    }
    pos++;
    labels[name[0]] = value;
    skip();
    if (line[pos] === ',') pos++;
    else if (line[pos] !== '}') return null;
  }
}

function parseLine(line: string): PromSample | null {
  NAME_RE.lastIndex = 0;
  const name = NAME_RE.exec(line);
  if (!name) return null;
  let pos = NAME_RE.lastIndex;
  while (line[pos] === ' ' || line[pos] === '\t') pos++;
  let labels: Record<string, string> = {};
  if (line[pos] === '{') {
    const parsed = parseLabels(line, pos);
    if (!parsed) return null;
    labels = parsed.labels;
    pos = parsed.end;
  }
  // After the series: value, optional timestamp, optional OpenMetrics exemplar (` # {...} v`).
  const rest = line.slice(pos).split(' # ')[0]!.trim().split(/\s+/);
  const value = parseValue(rest[0] ?? '');
  if (value === null) return null;
  return { name: name[0], labels, value };
}

export function parseExposition(text: string): Exposition {
  const samples: PromSample[] = [];
  let invalidLines = 0;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const sample = parseLine(line);
    if (sample) samples.push(sample);
    else invalidLines++;
  }
  return { samples, invalidLines };
}
