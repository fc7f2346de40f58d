/** Markdown and console details the suggester needs: inline code spans, `$ ` prompts. */

export interface Span {
  value: string;
  start: number;
  end: number;
}

/** Inline code spans (CommonMark: a run of n backticks closes at the next run of exactly n). Linear. */
export function inlineSpans(text: string): Span[] {
  const runs: { start: number; len: number }[] = [];
  for (let i = 0; i < text.length; ) {
    if (text[i] !== '`') {
      i++;
      continue;
    }
    let j = i;
    while (text[j] === '`') j++;
    runs.push({ start: i, len: j - i });
    i = j;
  }
  const byLength = new Map<number, number[]>();
  runs.forEach((run, index) => {
    const list = byLength.get(run.len);
    if (list) list.push(index);
    else byLength.set(run.len, [index]);
  });
  const cursor = new Map<number, number>();
  const spans: Span[] = [];
  for (let k = 0; k < runs.length; ) {
    const open = runs[k] as { start: number; len: number };
    const candidates = byLength.get(open.len) ?? [];
    let p = cursor.get(open.len) ?? 0;
    while (p < candidates.length && (candidates[p] as number) <= k) p++;
    cursor.set(open.len, p);
    const closeIndex = candidates[p];
    if (closeIndex === undefined) {
      k++;
      continue;
    }
    const close = runs[closeIndex] as { start: number; len: number };
    const raw = text.slice(open.start + open.len, close.start).replace(/\n/g, ' ');
    const value = /^ .* $/.test(raw) && raw.trim() !== '' ? raw.slice(1, -1) : raw;
    spans.push({ value, start: open.start, end: close.start + close.len });
    k = closeIndex + 1;
  }
  return spans;
}

/** `$ cmd` transcripts: keep the prompted lines (and their continuations), drop the output. */
export function stripPrompts(value: string): string {
  if (!/^\s*\$ /m.test(value)) return value;
  const kept: string[] = [];
  let continuing = false;
  for (const line of value.split('\n')) {
    const m = /^\s*\$ (.*)$/.exec(line);
    if (m || continuing) kept.push(m ? (m[1] as string) : line);
    else kept.push('');
    continuing = (m || continuing) && line.trimEnd().endsWith('\\');
  }
  return kept.join('\n');
}
