import { describe, expect, it } from 'vitest';
import { detectFormat } from './detect';
import { normalizeText, shortHash, slugify } from './ids';
import { codeSpans, stripComments, toPlain, trimEndChars, undecorate } from './inline';
import { choiceLine, leadingBox, statusLine } from './lines';

describe('inline helpers', () => {
  it('finds code spans like CommonMark', () => {
    expect(codeSpans('run `a` and ``b ` c`` then `unclosed').map((s) => s.value)).toEqual(['a', 'b ` c']);
    // The escaped backtick is text; the next two backticks enclose a single space.
    expect(codeSpans('\\`not code` `yes`').map((s) => s.value)).toEqual([' ']);
    expect(codeSpans('` padded `').map((s) => s.value)).toEqual(['padded']);
  });

  it('strips comments outside code spans and keeps the check binding', () => {
    expect(stripComments('Redis up <!-- check: redis:cache ping --> <!-- note -->')).toEqual({
      text: 'Redis up',
      check: 'redis:cache ping',
    });
    expect(stripComments('keep `<!-- in code -->` here').text).toBe('keep `<!-- in code -->` here');
    expect(stripComments('unclosed <!-- comment').text).toBe('unclosed <!-- comment');
  });

  it('renders inline Markdown as plain text', () => {
    expect(toPlain('**Liu Ming**: `platform.databases` [docs](http://x) _now_ \\*')).toBe(
      'Liu Ming: platform.databases docs now *',
    );
    expect(toPlain('plain words stay')).toBe('plain words stay');
  });

  it('splits decoration off titles', () => {
    expect(undecorate('✅ Pre-Deployment')).toEqual({ title: 'Pre-Deployment', decoration: '✅' });
    expect(undecorate('Prerequisites - VERIFIED ✅')).toEqual({
      title: 'Prerequisites - VERIFIED',
      decoration: '✅',
    });
    expect(undecorate('👨‍👩‍👧 Team 🇧🇷')).toEqual({ title: 'Team', decoration: '👨‍👩‍👧 🇧🇷' });
    expect(undecorate('✅')).toEqual({ title: '✅' });
    expect(trimEndChars('a---', '-')).toBe('a');
  });

  it('makes slugs, normalised texts and hashes', () => {
    expect(slugify('Déjà vu: Step 1 — Redis!')).toBe('deja-vu-step-1-redis');
    expect(slugify(`${'a'.repeat(30)} ${'b'.repeat(30)}`)).toBe('a'.repeat(30));
    expect(normalizeText('  **Back up** the   database. ')).toBe('back up the database');
    expect(shortHash('x')).toMatch(/^[0-9a-z]{7}$/);
    expect(shortHash('x')).not.toBe(shortHash('y'));
  });
});

describe('line rules', () => {
  it('reads boxes at the start of a line', () => {
    expect(leadingBox('[ ] 12. text')).toEqual({ checked: false, text: '12. text', glyph: false });
    expect(leadingBox('- ✅ Cache hit rate >90%')).toEqual({
      checked: true,
      text: 'Cache hit rate >90%',
      glyph: true,
    });
    expect(leadingBox('✔️ done')).toEqual({ checked: true, text: 'done', glyph: true });
    expect(leadingBox('[x]text')).toBeNull();
    expect(leadingBox('[link](x)')).toBeNull();
  });

  it('reads status and choice lines', () => {
    expect(statusLine('**Status**: [ ] Completed')).toEqual({
      label: 'Status',
      checked: false,
      text: 'Completed',
    });
    expect(statusLine('**Status:** [x] Passed')).toEqual({ label: 'Status', checked: true, text: 'Passed' });
    expect(statusLine('Note: see [x] below')).toBeNull();
    expect(choiceLine('**Release type**: [ ] Patch [x] Minor [ ] Major')).toEqual({
      label: 'Release type',
      options: [
        { text: 'Patch', checked: false },
        { text: 'Minor', checked: true },
        { text: 'Major', checked: false },
      ],
    });
    expect(choiceLine('Arrays a[x] and b[ ]')).toBeNull();
  });

  it('tells Markdown from plain text', () => {
    expect(detectFormat('# Title\n[ ] a\n[ ] b')).toBe('markdown');
    expect(detectFormat('====\nTITLE\n====\n[x] a')).toBe('text');
    expect(detectFormat('[ ] a\n[x] b\n- [ ] c')).toBe('text');
    expect(detectFormat('- [ ] a\n- [ ] b\n[ ] c')).toBe('markdown');
    expect(detectFormat('====\nTITLE\n====\n[x] a', 'notes.md')).toBe('markdown');
  });
});
