/**
 * Public entry: `parseChecklist(input, opts)`. Never throws: any input gives a checklist or a
 * typed error (`empty`, `not_text`, `too_large`, `no_items`, `internal`).
 */
import { parseBlocks, TooComplexError } from './blocks';
import { Builder, type SuggestFn } from './builder';
import { detectFormat } from './detect';
import { cleanInput } from './hygiene';
import type { Checklist, ParseOptions, ParseResult } from './model';
import { readPlainText } from './plaintext';
import { suggestFor, suggestTriggerFor } from './suggest';
import { MarkdownWalker } from './walker';

function build(
  text: string,
  format: 'markdown' | 'text',
  suggest: SuggestFn,
  opts: ParseOptions,
  warnings: string[],
) {
  const b = new Builder(format);
  if (format === 'text') readPlainText(text, b);
  else new MarkdownWalker(b, text).walk(parseBlocks(text).nodes);
  return b.finish({
    suggest,
    suggestTrigger: opts.suggestTrigger ?? suggestTriggerFor,
    filename: opts.filename,
    warnings,
  });
}

function parseText(text: string, opts: ParseOptions, warnings: string[]): Checklist {
  const suggest = opts.suggest ?? suggestFor;
  const format = detectFormat(text, opts.filename);
  try {
    return build(text, format, suggest, opts, warnings);
  } catch (e) {
    // Absurd nesting, or one of the few malformed inputs remark's development build asserts on:
    // the line-based reader still finds the boxes.
    if (format === 'text') throw e;
    const why = e instanceof TooComplexError ? e.message : 'the Markdown parser failed on this input.';
    return build(text, 'text', suggest, opts, [...warnings, `Read as plain text: ${why}`]);
  }
}

export function parseChecklist(input: string | Uint8Array, opts: ParseOptions = {}): ParseResult {
  try {
    const clean = cleanInput(input);
    if (!clean.ok) return clean;
    if (clean.text.trim() === '') {
      return { ok: false, error: { code: 'empty', message: 'The checklist is empty.' } };
    }
    const checklist = parseText(clean.text, opts, clean.warnings);
    if (checklist.items.length === 0) {
      return {
        ok: false,
        error: {
          code: 'no_items',
          message: 'No checklist items found: write items as "- [ ] text" (or "[ ] text" in plain text).',
        },
        checklist,
      };
    }
    return { ok: true, checklist };
  } catch {
    return { ok: false, error: { code: 'internal', message: 'The checklist could not be parsed.' } };
  }
}
