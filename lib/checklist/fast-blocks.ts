/**
 * A fast block parser for the common shape of checklists: ATX headings, paragraphs, bullet and
 * ordered lists (with GFM task markers), fenced code, thematic breaks, blank lines.
 *
 * Why it exists: remark parses about 5 000 list items per second on a small machine, far from the
 * 5 000-items-in-200-ms target. This parser handles one heading-delimited chunk at a time and
 * returns null ("bail") on anything outside the subset or anything it is not certain about
 * (tables, HTML, block quotes, setext headings, indented code, lazy lines, tabs in indentation...);
 * such chunks go to remark. A differential test checks it against remark on generated documents.
 */
import type { BCode, BList, BListItem, BNode, BParagraph } from './bnode';
import { trimEndBlanks, trimEndChars } from './inline';

interface OpenItem {
  node: BListItem;
  /** Absolute column where the item's content starts. */
  ci: number;
  /** Bullet character or ordered delimiter, to decide whether a new item joins the same list. */
  marker: string;
  /** Offset and line of the item's last non-blank content. */
  lastEnd: number;
  lastLine: number;
}

interface OpenParagraph {
  kind: 'paragraph';
  node: BParagraph;
}
interface OpenFence {
  kind: 'fence';
  node: BCode;
  char: string;
  len: number;
  /** Indentation of the opening fence relative to its container's content column. */
  indent: number;
  depth: number;
  lines: string[];
}

class Bail extends Error {}
const bail = (): never => {
  throw new Bail();
};

const HR = /^(?:(?:\*[ ]*){3,}|(?:-[ ]*){3,}|(?:_[ ]*){3,})$/;
const BULLET = /^([-*+])( +|$)/;
const ORDERED = /^(\d{1,9})([.)])( +|$)/;
const FENCE = /^(`{3,}|~{3,})(.*)$/;
const ATX = /^#{1,6}(?:[ \t]|$)/;
const TASK = /^\[([ xX])\][ \t]+(?=\S)/;
/** Anything that might start a construct this parser does not handle. */
const RISKY_START = /^(?:>|<|\[[^\]]*\]:|\[\^|=+[ \t]*$)/;
/**
 * A GFM table delimiter row (also true for setext `---` underlines, which are bailed on too).
 * Split on pipes rather than one regex, which would backtrack on long runs of blanks.
 */
function isDelimiterRow(line: string): boolean {
  if (!/^[|:\- \t]+$/.test(line) || !line.includes('-')) return false;
  const cells = line.trim().replace(/^\|/, '').replace(/\|$/, '').split('|');
  return cells.every((c) => /^:?-+:?$/.test(c.trim()));
}

function parseAtxHeading(line: string): { depth: number; text: string } | null {
  const m = /^(#{1,6})(?:[ \t]+(.*))?$/.exec(line);
  if (!m) return null;
  let text = (m[2] ?? '').trim();
  if (/^#+$/.test(text)) text = '';
  else {
    // A closing sequence of #s counts only after a space or tab.
    const hashes = trimEndChars(text, '#');
    if (hashes.length < text.length && /[ \t]$/.test(hashes)) text = hashes.trim();
  }
  return { depth: m[1]!.length, text };
}

/**
 * Parses `lines` (a chunk of the document starting at offset `base`, line `baseLine`).
 * Returns null when the chunk needs remark.
 */
export function fastBlocks(lines: string[], base: number, baseLine: number): BNode[] | null {
  try {
    return run(lines, base, baseLine);
  } catch (e) {
    if (e instanceof Bail) return null;
    throw e;
  }
}

function run(lines: string[], base: number, baseLine: number): BNode[] {
  const root: BNode[] = [];
  const stack: OpenItem[] = [];
  let leaf: OpenParagraph | OpenFence | null = null;
  let prevBlank = true;
  let offset = base;

  const childrenOf = (depth: number): BNode[] => (depth === 0 ? root : stack[depth - 1]!.node.children);
  const colOf = (depth: number): number => (depth === 0 ? 0 : stack[depth - 1]!.ci);

  const touch = (end: number, line: number) => {
    for (const it of stack) {
      it.lastEnd = end;
      it.lastLine = line;
    }
  };
  const closeLeaf = () => {
    if (leaf?.kind === 'fence') bail(); // unclosed fence: remark decides where it ends
    leaf = null;
  };
  const closeItemsTo = (depth: number) => {
    while (stack.length > depth) {
      const it = stack.pop()!;
      it.node.end = it.lastEnd;
      it.node.endLine = it.lastLine;
      const list = childrenOf(stack.length).at(-1) as BList;
      list.end = it.lastEnd;
      list.endLine = it.lastLine;
    }
  };

  for (let li = 0; li < lines.length; li++) {
    const raw = lines[li]!;
    const lineNo = baseLine + li;
    const lineStart = offset;
    offset += raw.length + 1;
    const indent = raw.length - raw.replace(/^ +/, '').length;
    if (raw[indent] === '\t') bail();
    const rest = raw.slice(indent);
    const blank = /^[ \t]*$/.test(rest);
    // remark ends a block after the trailing blanks of its last line.
    const lineEnd = lineStart + raw.length;

    if (li === 0 && ATX.test(raw)) {
      // The chunk's heading (chunks are split at column-0 ATX headings).
      const h = parseAtxHeading(trimEndBlanks(raw));
      if (!h) bail();
      root.push({
        type: 'heading',
        depth: h!.depth,
        text: h!.text,
        start: lineStart,
        end: lineEnd,
        line: lineNo,
        endLine: lineNo,
      });
      prevBlank = false;
      continue;
    }

    let matched = 0;
    while (matched < stack.length && (blank || indent >= stack[matched]!.ci)) matched++;

    if (leaf?.kind === 'fence') {
      const f: OpenFence = leaf;
      if (matched < stack.length || f.depth !== stack.length) bail(); // fence closed by its container
      const col = colOf(f.depth);
      const rel = indent - col;
      const t = trimEndBlanks(rest);
      if (!blank && rel <= 3 && t.length >= f.len && [...t].every((c) => c === f.char)) {
        f.node.value = f.lines.join('\n');
        f.node.end = lineEnd;
        f.node.endLine = lineNo;
        touch(lineEnd, lineNo);
        leaf = null;
        prevBlank = false;
        continue;
      }
      let content = blank ? raw.slice(Math.min(raw.length, col)) : raw.slice(col);
      let strip = 0;
      while (strip < f.indent && content[strip] === ' ') strip++;
      content = content.slice(strip);
      f.lines.push(content);
      if (!blank) touch(lineEnd, lineNo);
      continue;
    }

    if (matched < stack.length) {
      if (leaf?.kind === 'paragraph' && !blank) {
        // Not a continuation of every open item: only a new list item or fence is safe; any other
        // line could be a lazy continuation line, which remark handles.
        const r = rest;
        const listStart = (BULLET.test(r) || ORDERED.test(r)) && !HR.test(r);
        if (!listStart && !FENCE.test(r)) bail();
      }
      if (!blank) {
        closeLeaf();
        closeItemsTo(matched);
      }
    }

    if (blank) {
      if (leaf?.kind === 'paragraph') leaf = null;
      prevBlank = true;
      continue;
    }

    const depth = stack.length;
    const rel = indent - colOf(depth);
    const container = childrenOf(depth);

    if (rel >= 4) {
      if (leaf?.kind === 'paragraph') {
        appendParagraph(leaf.node, rest, lineEnd, lineNo);
        touch(lineEnd, lineNo);
        prevBlank = false;
        continue;
      }
      bail(); // indented code
    }

    if (RISKY_START.test(rest) || ATX.test(rest)) bail();
    if (leaf?.kind === 'paragraph' && isDelimiterRow(rest)) bail(); // table or setext heading

    const fence = FENCE.exec(rest);
    if (fence) {
      const info = fence[2]!.trim();
      if ((fence[1]![0] === '`' && info.includes('`')) || /[\\&]/.test(info)) bail();
      const sp = info.search(/[ \t]/);
      const lang = info === '' ? null : sp < 0 ? info : info.slice(0, sp);
      const meta = sp < 0 ? null : info.slice(sp).trim() || null;
      const node: BCode = {
        type: 'code',
        lang,
        meta,
        value: '',
        fenced: true,
        start: lineStart + indent,
        end: lineEnd,
        line: lineNo,
        endLine: lineNo,
      };
      container.push(node);
      leaf = {
        kind: 'fence',
        node,
        char: fence[1]![0]!,
        len: fence[1]!.length,
        indent: rel,
        depth,
        lines: [],
      };
      touch(lineEnd, lineNo);
      prevBlank = false;
      continue;
    }

    if (HR.test(trimEndBlanks(rest))) {
      if (depth > 0 || !prevBlank || leaf) bail();
      root.push({
        type: 'thematicBreak',
        start: lineStart + indent,
        end: lineEnd,
        line: lineNo,
        endLine: lineNo,
      });
      prevBlank = false;
      continue;
    }

    const bullet = BULLET.exec(rest);
    const ordered = bullet ? null : ORDERED.exec(rest);
    if (bullet || ordered) {
      const m = (bullet ?? ordered)!;
      const markerLen = bullet ? 1 : m[1]!.length + 1;
      const spaces = (bullet ? m[2] : m[3])!.length;
      const content = rest.slice(markerLen + spaces);
      const interrupts = leaf?.kind === 'paragraph';
      if (/^[ \t]*$/.test(content) || spaces > 4) bail(); // empty item / indented code in the item
      if (interrupts && ordered && ordered[1] !== '1') {
        appendParagraph((leaf as OpenParagraph).node, rest, lineEnd, lineNo);
        touch(lineEnd, lineNo);
        prevBlank = false;
        continue;
      }
      leaf = null;
      const marker = bullet ? bullet[1]! : ordered![2]!;
      let list = container.at(-1);
      if (!(list?.type === 'list' && list.ordered === !bullet && lastMarker.get(list) === marker)) {
        list = {
          type: 'list',
          ordered: !bullet,
          children: [],
          start: lineStart + indent,
          end: lineEnd,
          line: lineNo,
          endLine: lineNo,
        };
        lastMarker.set(list, marker);
        container.push(list);
      }
      const task = TASK.exec(content);
      const textStart = task ? task[0].length : 0;
      const text = content.slice(textStart);
      if (!task && (/^\[[ xX]\][ \t]*$/.test(content) || startsBlock(text))) bail();
      const item: BListItem = {
        type: 'listItem',
        checked: task ? task[1] !== ' ' : null,
        children: [],
        start: lineStart + indent,
        end: lineEnd,
        line: lineNo,
        endLine: lineNo,
      };
      list.children.push(item);
      // Deeper nesting goes to remark, whose complexity guard sends absurd depths to the
      // line-based reader (the walker recurses once per level).
      if (stack.length >= 32) bail();
      const ci = indent + markerLen + spaces;
      stack.push({ node: item, ci, marker, lastEnd: lineEnd, lastLine: lineNo });
      const para: BParagraph = {
        type: 'paragraph',
        lines: [text.trim()],
        start: lineStart + ci + textStart,
        end: lineEnd,
        line: lineNo,
        endLine: lineNo,
      };
      item.children.push(para);
      leaf = { kind: 'paragraph', node: para };
      touch(lineEnd, lineNo);
      prevBlank = false;
      continue;
    }

    if (leaf?.kind === 'paragraph') {
      appendParagraph(leaf.node, rest, lineEnd, lineNo);
    } else {
      const para: BParagraph = {
        type: 'paragraph',
        lines: [rest.trim()],
        start: lineStart + indent,
        end: lineEnd,
        line: lineNo,
        endLine: lineNo,
      };
      container.push(para);
      leaf = { kind: 'paragraph', node: para };
    }
    touch(lineEnd, lineNo);
    prevBlank = false;
  }
  closeLeaf();
  closeItemsTo(0);
  return root;
}

const lastMarker = new WeakMap<BList, string>();

/** Item content that would itself open a block (`- - x`, `- # x`, `- > x`...). */
function startsBlock(text: string): boolean {
  return (
    BULLET.test(text) ||
    ORDERED.test(text) ||
    ATX.test(text) ||
    FENCE.test(text) ||
    HR.test(text.trim()) ||
    RISKY_START.test(text)
  );
}

function appendParagraph(p: BParagraph, rest: string, end: number, line: number): void {
  p.lines.push(rest.trim());
  p.end = end;
  p.endLine = line;
}
