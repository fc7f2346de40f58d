/**
 * Stable ids. An id is a readable slug of the text plus a short hash of the full path (section
 * titles, parent item, normalised text), so re-importing an edited checklist keeps the ids of the
 * items whose section path and text did not change. Duplicates get `-2`, `-3` in document order.
 */
import { toPlain, trimEndChars } from './inline';

/** FNV-1a 32-bit, base 36: short, deterministic, no crypto needed (ids are not secrets). */
export function shortHash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36).padStart(7, '0');
}

/** Lower-case ASCII slug, at most `max` characters, cut at a word boundary. */
const ASCII = /^[\x00-\x7f]*$/;

export function slugify(s: string, max = 40): string {
  const slug = (ASCII.test(s) ? s : s.normalize('NFKD').replace(/[\u0300-\u036f]/g, ''))
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length <= max) return slug;
  const cut = slug.slice(0, max);
  const dash = cut.lastIndexOf('-');
  return dash > max / 2 ? cut.slice(0, dash) : cut;
}

/** Text normalised for identity: formatting, case, spacing and trailing punctuation ignored. */
export function normalizeText(text: string): string {
  return normalizePlain(toPlain(text));
}

/** `normalizeText` for text already passed through `toPlain`. */
export function normalizePlain(plain: string): string {
  const s = (ASCII.test(plain) ? plain : plain.normalize('NFKC')).toLowerCase().replace(/\s+/g, ' ');
  return trimEndChars(s, ' .,;:!?').trim();
}

/** Hands out `base`, `base-2`, `base-3`... (a counter per base keeps thousands of repeats linear). */
export class UniqueNames {
  private readonly used = new Set<string>();
  private readonly next = new Map<string, number>();

  take(base: string): string {
    let id = base;
    let n = this.next.get(base) ?? 2;
    while (this.used.has(id)) id = `${base}-${n++}`;
    this.next.set(base, n);
    this.used.add(id);
    return id;
  }
}

export class IdAllocator {
  private readonly names = new UniqueNames();

  /** `path` identifies the thing (normalised); `label` makes the id readable. */
  allocate(prefix: string, label: string, path: string): string {
    const slug = slugify(label) || prefix;
    return this.names.take(`${slug}-${shortHash(path)}`);
  }
}
