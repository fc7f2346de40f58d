/**
 * Input hygiene: bytes → text, BOM, line endings, binary detection and mojibake repair.
 * Everything downstream sees LF-only text without a BOM.
 */
import type { ParseError } from './model';
import { decodeCp1252, repairMojibake } from './mojibake';

/** Larger inputs are refused: nobody writes a 5 MB checklist, and it bounds parse time. */
const MAX_INPUT_BYTES = 5 * 1024 * 1024;

export type CleanResult = { ok: true; text: string; warnings: string[] } | { ok: false; error: ParseError };

const notText = (message: string): CleanResult => ({ ok: false, error: { code: 'not_text', message } });

function decodeBytes(bytes: Uint8Array, warnings: string[]): string | null {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    warnings.push('Decoded UTF-16 (little-endian) input.');
    return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    warnings.push('Decoded UTF-16 (big-endian) input.');
    return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  }
  if (bytes.includes(0)) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Not UTF-8: a legacy Windows-1252 file is the common case; mojibake repair afterwards
    // restores any UTF-8 fragments the file also contained.
    warnings.push('The file is not valid UTF-8; decoded it as Windows-1252.');
    return decodeCp1252(bytes);
  }
}

/** Share of characters that are control characters other than tab, LF, CR, FF, VT. */
function controlRatio(text: string): number {
  const sample = text.length > 65536 ? text.slice(0, 65536) : text;
  let n = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if ((c < 0x20 && c !== 9 && c !== 10 && c !== 13 && c !== 12 && c !== 11) || c === 0x7f) n++;
  }
  return sample.length === 0 ? 0 : n / sample.length;
}

export function cleanInput(input: string | Uint8Array): CleanResult {
  const warnings: string[] = [];
  let text: string;
  if (typeof input === 'string') {
    if (input.length > MAX_INPUT_BYTES) return tooLarge();
    text = input;
  } else {
    if (input.byteLength > MAX_INPUT_BYTES) return tooLarge();
    const decoded = decodeBytes(input, warnings);
    if (decoded === null) return notText('The file contains NUL bytes; it does not look like a text file.');
    text = decoded;
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.includes('\u0000'))
    return notText('The input contains NUL characters; it does not look like text.');
  // Invalid UTF-8 that a decoder already replaced, or binary data read as text.
  const replacement = (text.match(/\uFFFD/g) ?? []).length;
  if (controlRatio(text) > 0.05 || (replacement > 8 && replacement > text.length / 50)) {
    return notText('The input looks like binary data, not a text checklist.');
  }
  if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
  const fixed = repairMojibake(text);
  if (fixed.repaired > 0) {
    text = fixed.text;
    warnings.push(
      `Repaired ${fixed.repaired} garbled character${fixed.repaired === 1 ? '' : 's'} (UTF-8 read as ${fixed.encodings.join(' and ')}).`,
    );
  }
  return { ok: true, text, warnings };
}

function tooLarge(): CleanResult {
  return {
    ok: false,
    error: {
      code: 'too_large',
      message: `The checklist is larger than ${MAX_INPUT_BYTES / 1024 / 1024} MB.`,
    },
  };
}

/** Expands tabs to spaces with a tab stop of 4 (plain-text indentation). */
export function expandTabs(line: string): string {
  if (!line.includes('\t')) return line;
  let out = '';
  for (const ch of line) {
    if (ch === '\t') out += ' '.repeat(4 - (out.length % 4));
    else out += ch;
  }
  return out;
}
