/**
 * Edits of a checklist's source that the parser reads back: the `<!-- liftoff: counted -->`
 * marker on a heading line (see reference.ts). Pure string work, safe in the browser too: the
 * import preview toggles the marker in the pasted text, the template page in a new version.
 */

const MARKER = '<!-- liftoff: counted -->';
const ANY_MARKER = /[ \t]*<!--\s*liftoff\s*:\s*counted\s*-->/gi;
/** An ATX heading's closing `#`s, which must stay last on the line. */
const ATX_CLOSING = /^( {0,3}#{1,6}[ \t].*?)([ \t]+#+[ \t]*)$/;

/**
 * The source with the marker added to (or removed from) 1-based `line`, the line a section
 * starts on (`Section.line`). Line endings are kept as they are; null when there is no such line.
 */
export function setCountedMarker(source: string, line: number, counted: boolean): string | null {
  // Separators kept: [line, sep, line, sep, ..., line]. The parser also ends lines at a lone CR.
  const parts = source.split(/(\r\n|\r|\n)/);
  const index = (line - 1) * 2;
  const current = parts[index];
  if (line < 1 || current === undefined) return null;
  const bare = current.replace(ANY_MARKER, '');
  let next = bare;
  if (counted) {
    const atx = ATX_CLOSING.exec(bare);
    next = atx ? `${atx[1]!.trimEnd()} ${MARKER}${atx[2]}` : `${bare.trimEnd()} ${MARKER}`;
  }
  parts[index] = next;
  return parts.join('');
}
