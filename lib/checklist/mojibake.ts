/**
 * Repair of UTF-8 text that was decoded as Windows-1252 or Mac Roman somewhere on its way
 * (`â€”` → `—`, `âœ…` → `✅`, `üìã` → `📋`). The tables are hard-coded (and checked against
 * iconv-lite in the tests) so this module runs in the browser without a Buffer polyfill.
 */

/** Windows-1252 0x80-0x9F; the five undefined bytes decode to their C1 control code points. */
const CP1252_80_9F =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/** Mac Roman 0x80-0xFF as Apple maps it today (0xDB `€`, 0xBD Greek capital omega, 0xF0 U+F8FF). */
const MACROMAN_80_FF =
  'ÄÅÇÉÑÖÜáàâäãåçéèêëíìîïñóòôöõúùûü†°¢£§•¶ß®©™´¨≠ÆØ∞±≤≥¥µ∂∑∏π∫ªºΩæø¿¡¬√ƒ≈∆«»…\u00a0ÀÃÕŒœ–—“”‘’÷◊ÿŸ⁄€‹›ﬁﬂ‡·‚„‰ÂÊÁËÈÍÎÏÌÓÔ\uf8ffÒÚÛÙıˆ˜¯˘˙˚¸˝˛ˇ';

function buildMap(high: string, extra: [string, number][] = []): Map<string, number> {
  const map = new Map<string, number>();
  [...high].forEach((ch, i) => {
    map.set(ch, 0x80 + i);
  });
  for (const [ch, byte] of extra) map.set(ch, byte);
  return map;
}

const CP1252_MAP = (() => {
  const latin1: [string, number][] = [];
  for (let b = 0xa0; b <= 0xff; b++) latin1.push([String.fromCharCode(b), b]);
  return buildMap(CP1252_80_9F, latin1);
})();
// Older Mac Roman decoders (and iconv-lite) give `¤` for 0xDB and the ohm sign for 0xBD.
const MACROMAN_MAP = buildMap(MACROMAN_80_FF, [
  ['\u00a4', 0xdb],
  ['\u2126', 0xbd],
]);

export const ENCODING_TABLES = { cp1252: CP1252_80_9F, macroman: MACROMAN_80_FF } as const;

/** Decodes bytes as Windows-1252 (used when input bytes are not valid UTF-8). */
export function decodeCp1252(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    const chunk = bytes.subarray(i, i + 8192);
    const chars: string[] = new Array(chunk.length);
    for (let j = 0; j < chunk.length; j++) {
      const b = chunk[j]!;
      chars[j] = b >= 0x80 && b < 0xa0 ? CP1252_80_9F[b - 0x80]! : String.fromCharCode(b);
    }
    out += chars.join('');
  }
  return out;
}

/** Length of the valid UTF-8 sequence starting at bytes[i], or 0. Rejects overlongs and surrogates. */
function utf8SeqLength(bytes: number[], i: number): number {
  const b0 = bytes[i]!;
  const cont = (k: number) => {
    const b = bytes[i + k];
    return b !== undefined && b >= 0x80 && b <= 0xbf;
  };
  if (b0 >= 0xc2 && b0 <= 0xdf) return cont(1) ? 2 : 0;
  if (b0 >= 0xe0 && b0 <= 0xef) {
    const b1 = bytes[i + 1] ?? 0;
    if (b0 === 0xe0 && b1 < 0xa0) return 0;
    if (b0 === 0xed && b1 > 0x9f) return 0;
    return cont(1) && cont(2) ? 3 : 0;
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    const b1 = bytes[i + 1] ?? 0;
    if (b0 === 0xf0 && b1 < 0x90) return 0;
    if (b0 === 0xf4 && b1 > 0x8f) return 0;
    return cont(1) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

function decodeSeq(bytes: number[], i: number, len: number): number {
  const b0 = bytes[i]!;
  if (len === 2) return ((b0 & 0x1f) << 6) | (bytes[i + 1]! & 0x3f);
  if (len === 3) return ((b0 & 0x0f) << 12) | ((bytes[i + 1]! & 0x3f) << 6) | (bytes[i + 2]! & 0x3f);
  return (
    ((b0 & 0x07) << 18) |
    ((bytes[i + 1]! & 0x3f) << 12) |
    ((bytes[i + 2]! & 0x3f) << 6) |
    (bytes[i + 3]! & 0x3f)
  );
}

/**
 * A two-byte repair is only plausible for letters of the Latin, Greek and Cyrillic blocks
 * (`Ã©` → `é`, `Ð¿` → `п`); anything else is more likely correct text that happens to look like a
 * sequence (`ß«`).
 */
function plausible(cp: number, len: number): boolean {
  if (cp >= 0xd800 && cp <= 0xdfff) return false;
  if (cp >= 0xe000 && cp <= 0xf8ff) return false; // private use
  if ((cp & 0xfffe) === 0xfffe || (cp >= 0xfdd0 && cp <= 0xfdef)) return false;
  if (len === 2) return (cp >= 0xa0 && cp <= 0x24f) || (cp >= 0x370 && cp <= 0x4ff);
  return true;
}

interface RunRepair {
  text: string;
  strong: number; // 3- and 4-byte sequences repaired
  weak: number; // 2-byte sequences repaired
}

function repairRun(run: string, map: Map<string, number>, allowWeak: boolean): RunRepair {
  const chars = [...run];
  const bytes = chars.map((c) => map.get(c)!);
  let out = '';
  let strong = 0;
  let weak = 0;
  let i = 0;
  while (i < bytes.length) {
    const len = utf8SeqLength(bytes, i);
    if (len > 0) {
      const cp = decodeSeq(bytes, i, len);
      if (plausible(cp, len) && (len > 2 || allowWeak)) {
        out += String.fromCodePoint(cp);
        if (len > 2) strong++;
        else weak++;
        i += len;
        continue;
      }
    }
    out += chars[i]!;
    i++;
  }
  return { text: out, strong, weak };
}

/** Maximal runs of characters that the encoding can produce from a byte >= 0x80. */
function runsOf(text: string, map: Map<string, number>): { start: number; end: number }[] {
  const runs: { start: number; end: number }[] = [];
  let start = -1;
  let i = 0;
  for (const ch of text) {
    const inMap = ch.charCodeAt(0) >= 0x80 && map.has(ch);
    if (inMap && start < 0) start = i;
    if (!inMap && start >= 0) {
      runs.push({ start, end: i });
      start = -1;
    }
    i += ch.length;
  }
  if (start >= 0) runs.push({ start, end: i });
  return runs.filter((r) => r.end - r.start >= 2);
}

function repairWith(text: string, map: Map<string, number>, allowWeak: boolean): RunRepair {
  const runs = runsOf(text, map);
  if (runs.length === 0) return { text, strong: 0, weak: 0 };
  let out = '';
  let last = 0;
  let strong = 0;
  let weak = 0;
  for (const r of runs) {
    const fixed = repairRun(text.slice(r.start, r.end), map, allowWeak);
    out += text.slice(last, r.start) + fixed.text;
    last = r.end;
    strong += fixed.strong;
    weak += fixed.weak;
  }
  return { text: out + text.slice(last), strong, weak };
}

export interface MojibakeResult {
  text: string;
  repaired: number;
  encodings: ('windows-1252' | 'mac-roman')[];
}

const SUSPECT =
  /[\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u2122\uf8ff]/;

/**
 * Repairs mojibake. Windows-1252 two-byte repairs (`Ã©`) are always allowed; Mac Roman two-byte
 * repairs only when the text also holds unmistakable Mac Roman mojibake (a 3/4-byte sequence),
 * because correct text such as `—é` reads as a valid two-byte sequence in Mac Roman.
 */
export function repairMojibake(text: string): MojibakeResult {
  if (!SUSPECT.test(text)) return { text, repaired: 0, encodings: [] };
  const encodings: MojibakeResult['encodings'] = [];
  let repaired = 0;
  const w = repairWith(text, CP1252_MAP, true);
  let out = text;
  if (w.strong + w.weak > 0) {
    out = w.text;
    repaired += w.strong + w.weak;
    encodings.push('windows-1252');
  }
  const probe = repairWith(out, MACROMAN_MAP, false);
  if (probe.strong > 0) {
    const m = repairWith(out, MACROMAN_MAP, true);
    out = m.text;
    repaired += m.strong + m.weak;
    encodings.push('mac-roman');
  }
  return { text: out, repaired, encodings };
}
