/**
 * Document title rules: front matter `title` (then `name`); else the first H1, even when more
 * follow; else the first heading of the highest level present; else the first non-empty line
 * that is neither an item nor a comment; only then the file name. Leading decoration (emoji,
 * status glyphs) is stripped from a heading, never a reason to skip it.
 */
import { stripComments, toPlain, undecorate } from './inline';

const TITLE_MAX = 120;

export function frontMatterTitle(frontMatter: string): string | null {
  for (const key of ['title', 'name']) {
    const m = new RegExp(`^${key}[ \\t]*[:=][ \\t]*(.{1,200})$`, 'm').exec(frontMatter);
    const value = (m?.[1] ?? '')
      .trim()
      .replace(/^(["'])(.*)\1$/, '$2')
      .trim();
    if (value) return value;
  }
  return null;
}

/** Inline Markdown → a title: plain text, comments and decoration removed, long lines cut. */
export function cleanTitle(raw: string): string | null {
  const title = undecorate(toPlain(stripComments(raw).text)).title;
  if (title === '') return null;
  if (title.length <= TITLE_MAX) return title;
  const cut = title.slice(0, TITLE_MAX);
  const space = cut.lastIndexOf(' ');
  return `${(space > TITLE_MAX / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/**
 * The heading that titles the document among its root headings, and whether it is only the
 * title: alone at its level and the first heading, so it does not also open a section.
 */
export function titleHeading<H extends { depth: number }>(
  headings: H[],
): { node: H; titleOnly: boolean } | null {
  if (headings.length === 0) return null;
  const top = Math.min(...headings.map((h) => h.depth));
  const atTop = headings.filter((h) => h.depth === top);
  const node = atTop[0]!;
  return { node, titleOnly: atTop.length === 1 && node === headings[0] };
}

export function titleFromFilename(filename: string | undefined): string | null {
  if (!filename) return null;
  const base = filename.split(/[\\/]/).pop() ?? '';
  const stem = base
    .replace(/\.[A-Za-z0-9]{1,8}$/, '')
    .replace(/[_-]+/g, ' ')
    .trim();
  return stem === '' ? null : stem;
}
