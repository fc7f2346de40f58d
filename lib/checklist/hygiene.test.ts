import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { PATHOLOGICAL } from './fixtures/fuzz-inputs';
import { fixture, parseOk, texts } from './fixtures/testkit';
import { cleanInput, expandTabs } from './hygiene';
import { ENCODING_TABLES, repairMojibake } from './mojibake';
import { parseChecklist } from './parse';

/** What a UTF-8 → legacy-codepage round trip does to text. */
const garble = (s: string, enc: 'win1252' | 'macintosh') => iconv.decode(Buffer.from(s, 'utf8'), enc);

describe('rule 12: input hygiene', () => {
  it('strips a BOM and accepts CRLF, CR, tabs and no final newline', () => {
    const c = parseOk(fixture('rule12-crlf-bom.md'));
    expect(c.title).toBe('CRLF title');
    expect(texts(c.items)).toEqual(['one', 'two', 'tab nested?', 'three', 'four']);
    expect(c.items[2]!.parentId).toBe(c.items[1]!.id);
    expect(c.items[3]!.code).toEqual([{ value: 'code', inline: false }]);
    expect(c.items.every((i) => !/[\r\uFEFF]/.test(i.text))).toBe(true);
  });

  it('strips a BOM given as bytes or as a string', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('- [ ] a')]);
    expect(texts(parseOk(bytes).items)).toEqual(['a']);
    expect(texts(parseOk('\uFEFF- [ ] a').items)).toEqual(['a']);
  });

  it('expands tabs with a tab stop of 4 in plain text', () => {
    expect(expandTabs('\t[ ] a')).toBe('    [ ] a');
    expect(expandTabs('ab\tc')).toBe('ab  c');
    const c = parseOk('Title\n\n[ ] parent\n\t[ ] child\n  \t[ ] grandchild\n', { filename: 'x.txt' });
    expect(c.items.map((i) => i.parentId)).toEqual([null, c.items[0]!.id, c.items[0]!.id]);
  });

  it('ignores trailing spaces', () => {
    const c = parseOk('# T   \n\n- [ ] item   \n- [x]  two  \n');
    expect(texts(c.items)).toEqual(['item', 'two']);
  });

  it('decodes UTF-16 with a BOM and falls back to Windows-1252 for invalid UTF-8', () => {
    const utf16 = new Uint8Array([0xff, 0xfe, ...iconv.encode('- [ ] café', 'utf16le')]);
    expect(texts(parseOk(utf16).items)).toEqual(['café']);
    const latin = new Uint8Array(iconv.encode('- [ ] café — déjà vu', 'win1252'));
    const c = parseOk(latin);
    expect(texts(c.items)).toEqual(['café — déjà vu']);
    expect(c.warnings.join(' ')).toMatch(/Windows-1252/);
  });

  it('refuses NUL bytes and binary data as not_text', () => {
    const r = parseChecklist(new Uint8Array([0x2d, 0x20, 0x5b, 0x20, 0x5d, 0x00, 0x61]));
    expect(r).toMatchObject({ ok: false, error: { code: 'not_text' } });
    const binary = new Uint8Array(4096).map((_, i) => (i * 7919) % 256 || 1);
    expect(parseChecklist(binary)).toMatchObject({ ok: false, error: { code: 'not_text' } });
    expect(parseChecklist('- [ ] a\u0000')).toMatchObject({ ok: false, error: { code: 'not_text' } });
  });

  it('reports empty input and input without items', () => {
    expect(parseChecklist('')).toMatchObject({ ok: false, error: { code: 'empty' } });
    expect(parseChecklist(' \n\r\n\t')).toMatchObject({ ok: false, error: { code: 'empty' } });
    const none = parseChecklist('# Notes\n\nJust text.\n');
    expect(none).toMatchObject({ ok: false, error: { code: 'no_items' } });
    expect(none.ok === false && none.checklist?.title).toBe('Notes');
    expect(cleanInput('x'.repeat(6 * 1024 * 1024))).toMatchObject({
      ok: false,
      error: { code: 'too_large' },
    });
  });
});

describe('pathological input', () => {
  // Their parse time is measured by `npm run bench -- parse`.
  for (const [name, text] of PATHOLOGICAL) {
    it(`returns a result for ${name}`, () => {
      const r = parseChecklist(text, { suggest: () => [] });
      expect(r.ok || r.error.code !== 'internal').toBe(true);
      if (name.includes('list levels')) expect(r.ok && r.checklist.counts.items).toBe(1000);
    });
  }
});

describe('mojibake repair', () => {
  it('has the same tables as iconv-lite (Apple logo and euro sign aside)', () => {
    const bytes = Buffer.from(Array.from({ length: 128 }, (_, i) => 0x80 + i));
    const mac = [...iconv.decode(bytes, 'macintosh')];
    const ours = [...ENCODING_TABLES.macroman];
    expect(ours).toHaveLength(128);
    mac.forEach((ch, i) => {
      if (i === 0xdb - 0x80)
        expect(ours[i]).toBe('€'); // iconv-lite has the pre-1998 `¤`
      else if (i === 0xbd - 0x80)
        expect(ours[i]).toBe('\u03a9'); // iconv-lite has the ohm sign
      else if (i === 0xf0 - 0x80)
        expect(ours[i]).toBe('\uf8ff'); // iconv-lite has U+FFFD
      else expect(ours[i]).toBe(ch);
    });
    const win = [...iconv.decode(bytes.subarray(0, 32), 'win1252')];
    [...ENCODING_TABLES.cp1252].forEach((ch, i) => {
      if (win[i] === '\ufffd') expect(ch.charCodeAt(0)).toBe(0x80 + i);
      else expect(ch).toBe(win[i]);
    });
  });

  it('repairs UTF-8 read as Windows-1252', () => {
    expect(repairMojibake('a â€” b').text).toBe('a — b');
    expect(repairMojibake('âœ… done').text).toBe('✅ done');
    expect(repairMojibake('cafÃ© rÃ©sumÃ©').text).toBe('café résumé');
    expect(repairMojibake(garble('café déjà vu', 'win1252')).text).toBe('café déjà vu');
    expect(repairMojibake(garble('Deploy 🚀 — “quoted‘ → ok…', 'win1252')).text).toBe(
      'Deploy 🚀 — “quoted‘ → ok…',
    );
    // `”` is E2 80 9D and 0x9D is undefined in Windows-1252: a decoder that dropped it leaves
    // nothing to repair, and the rest of the text is still fixed.
    expect(repairMojibake('â€œokâ€\ufffd').text).toBe('“okâ€\ufffd');
    expect(repairMojibake('â€œokâ€\u009d').text).toBe('“ok”');
    expect(repairMojibake(garble('Привет, мир', 'win1252')).text).toBe('Привет, мир');
  });

  it('repairs UTF-8 read as Mac Roman', () => {
    expect(repairMojibake('# \uf8ffüìã Deployment').text).toBe('# 📋 Deployment');
    expect(repairMojibake('## ‚úÖ Pre-Deployment').text).toBe('## ✅ Pre-Deployment');
    const s = '📋 Checklist — ✅ café déjà';
    expect(repairMojibake(garble(s, 'macintosh').replace('\ufffd', '\uf8ff')).text).toBe(s);
  });

  it('leaves correct non-ASCII text alone', () => {
    for (const ok of [
      'Implantação concluída: não há erros, ação necessária, AÇÃO, coração',
      'Проверить репликацию Redis и резервные копии',
      '✅ 🚀 📋 🧪 — “quotes” ‘single’ … • €5 ±3 °C',
      'Straße «Zitat» Größe ß«',
      'texte—élégant, naïve, Œuvre, Ñandú',
      '部署检查清单 — 日本語テキスト',
    ]) {
      const r = repairMojibake(ok);
      expect(r.text).toBe(ok);
      expect(r.repaired).toBe(0);
    }
  });

  it('repairs a whole checklist and reports it', () => {
    const text = garble(
      '# 📋 Checklist\n\n## ✅ Pre-Deployment\n\n- [ ] Ports 3000–3010 free\n',
      'macintosh',
    ).replace('\ufffd', '\uf8ff');
    const c = parseOk(text);
    expect(c.title).toBe('Checklist');
    expect(c.sections[0]).toMatchObject({ title: 'Pre-Deployment', decoration: '✅' });
    expect(texts(c.items)).toEqual(['Ports 3000–3010 free']);
    expect(c.warnings[0]).toMatch(/mac-roman/);
  });
});
