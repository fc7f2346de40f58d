/**
 * HTML comments in user text, found in one pass. `/<!--[\s\S]*?-->/g` restarts its lazy scan
 * at every `<!--`, so text with many unclosed ones costs quadratic time (480 KB took 31 s);
 * here each character is looked at a bounded number of times.
 */

/**
 * Replaces every complete `<!-- ... -->` with `replacement`; an unclosed `<!--` stays as text.
 * `keep` may spare some comments; it sees the comment's first characters (enough to tell a
 * `check:` binding), never a whole long comment.
 */
export function replaceHtmlComments(
  text: string,
  replacement = '',
  keep?: (head: string) => boolean,
): string {
  let k = text.indexOf('<!--');
  if (k < 0) return text;
  let out = '';
  let last = 0;
  while (k >= 0) {
    const end = text.indexOf('-->', k + 4);
    // No `-->` after this `<!--` means none after any later one either.
    if (end < 0) break;
    if (!keep?.(text.slice(k + 4, Math.min(end, k + 40)))) {
      out += text.slice(last, k) + replacement;
      last = end + 3;
    }
    k = text.indexOf('<!--', end + 3);
  }
  return out + text.slice(last);
}

/** Removes the first `<!-- check: ... -->` and the blanks before it (what binding a new check replaces). */
export function removeCheckComment(line: string): string {
  return removeBindingComment(line, 'check');
}

/** Removes the first `<!-- <kind>: ... -->` and the blanks before it. */
export function removeBindingComment(line: string, kind: 'check' | 'trigger'): string {
  let k = line.indexOf('<!--');
  while (k >= 0) {
    const end = line.indexOf('-->', k + 4);
    if (end < 0) return line;
    let i = k + 4;
    while (i < end && /\s/.test(line[i]!)) i++;
    if (line.startsWith(`${kind}:`, i)) {
      let start = k;
      while (start > 0 && /\s/.test(line[start - 1]!)) start--;
      return line.slice(0, start) + line.slice(end + 3);
    }
    k = line.indexOf('<!--', end + 3);
  }
  return line;
}
