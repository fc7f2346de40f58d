import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateCheck } from '@/lib/checks';
import type { Database } from '@/lib/db/client';
import { parseUpload } from '@/lib/templates/parse-upload';
import { seedBuiltinTemplates } from '@/lib/templates/seed';
import { getTemplate, importTemplate, listTemplates } from '@/lib/templates/store';
import { SEEDS_DIR, seedFiles } from '../support/corpus';
import { describeCorpus } from '../support/corpus-suite';
import { backends } from '../support/db';

const V1 = `# Cache rollout

## Before
- [ ] Backup taken
- [ ] Redis reachable <!-- check: redis:self ping -->

## Deploy
- [ ] Deploy the first node
- [ ] Deploy the second node
`;
const V2 = `# Cache rollout

## Before
- [ ] Backup taken and verified
- [ ] Redis reachable <!-- check: redis:self ping -->

## Deploy
- [ ] Deploy the first node
- [ ] Smoke test
`;

const upload = (text: string) => parseUpload(text, 'x.md');

describe.each(backends)('template library on %s', (_name, open) => {
  let store: Database;
  beforeAll(async () => {
    store = await open();
  });
  afterAll(() => store.close());

  it('keeps the source verbatim and the same name adds a version with a change summary', async () => {
    const first = await importTemplate(store.db, { name: 'Cache rollout', ...upload(V1), actorId: null });
    expect(first.created).toBe(true);
    expect(first.template.version).toBe(1);
    expect(first.template.source).toBe(V1);
    expect(first.template.model.counts.items).toBe(4);

    const second = await importTemplate(store.db, { name: 'cache  ROLLOUT', ...upload(V2), actorId: null });
    expect(second.template.id).toBe(first.template.id);
    expect(second.template.version).toBe(2);
    expect(second.template.changes).toMatchObject({
      added: [expect.any(String)],
      removed: [expect.any(String)],
      changed: [expect.any(String)],
    });
    expect(second.template.changes?.details.added[0]?.text).toBe('Smoke test');

    const again = await importTemplate(store.db, { name: 'Cache rollout', ...upload(V2), actorId: null });
    expect(again.created).toBe(false);
    expect(again.template.version).toBe(2);

    const v1 = await getTemplate(store.db, first.template.id, 1);
    expect(v1?.source).toBe(V1);
    expect(v1?.versions.map((v) => v.version)).toEqual([2, 1]);
    expect(await getTemplate(store.db, first.template.id, 9)).toBeNull();
  });

  it('keeps item ids of unchanged items across versions', async () => {
    const t = (await listTemplates(store.db, 'cache'))[0]!;
    const [v1, v2] = await Promise.all([getTemplate(store.db, t.id, 1), getTemplate(store.db, t.id, 2)]);
    const ids1 = new Map(v1!.model.items.map((i) => [i.text, i.id]));
    for (const item of v2!.model.items) if (ids1.has(item.text)) expect(item.id).toBe(ids1.get(item.text));
  });

  it('searches by name and lists counts', async () => {
    await importTemplate(store.db, {
      name: 'Postgres upgrade',
      ...upload('# Upgrade\n- [ ] Backup\n- [x] Plan\n'),
      actorId: null,
    });
    const found = await listTemplates(store.db, 'postgres');
    expect(found.map((t) => t.name)).toEqual(['Postgres upgrade']);
    expect(found[0]?.counts).toMatchObject({ items: 2, checked: 1 });
    expect(await listTemplates(store.db, '%')).toEqual([]);
  });

  it('seeds the four built-in templates once, each with bound checks that parse, fields and a sign-off table', async () => {
    const fresh = await open();
    try {
      expect(await seedBuiltinTemplates(fresh.db)).toBe(4);
      expect(await seedBuiltinTemplates(fresh.db)).toBe(0);
      const all = await listTemplates(fresh.db);
      expect(all).toHaveLength(4);
      for (const summary of all) {
        const t = (await getTemplate(fresh.db, summary.id))!;
        const bound = t.model.items.filter((i) => i.check);
        expect(bound.length, t.name).toBeGreaterThanOrEqual(3);
        for (const item of bound) expect(validateCheck(item.check!), `${t.name}: ${item.check}`).toBeNull();
        expect(t.model.fields.length, t.name).toBeGreaterThan(0);
        expect(t.model.signoff).toEqual({
          roles: ['Developer', 'DevOps', 'QA', 'Product Owner'],
          fromTable: true,
        });
        expect(t.builtin).toBe(true);
      }
    } finally {
      await fresh.close();
    }
  });
});

describe('uploads that cannot become a template', () => {
  it('refuses more than 2 MB with 413', () => {
    expect(() => upload(`# Big\n- [ ] x\n${'a'.repeat(2 * 1024 * 1024)}`)).toThrow(
      expect.objectContaining({ code: 'payload_too_large' }),
    );
  });
  it('refuses binary content with 415', () => {
    const bytes = new Uint8Array([0x23, 0x20, 0x41, 0x00, 0x01, 0x02, 0xff, 0xfe, 0x00, 0x0a]);
    expect(() => parseUpload(bytes)).toThrow(expect.objectContaining({ code: 'unsupported_media_type' }));
  });
  it('refuses a text with no checkable item with 422 and says so', () => {
    try {
      upload('# Notes\n\nJust prose, no boxes.\n');
      expect.unreachable();
    } catch (err) {
      expect(err).toMatchObject({ code: 'unprocessable' });
      expect((err as Error).message).toMatch(/item|checkbox/i);
    }
  });
});

describeCorpus('uploads of the seed checklists', () => {
  it('imports every seed checklist', () => {
    for (const f of seedFiles())
      expect(upload(fs.readFileSync(path.join(SEEDS_DIR, f), 'utf8')).model.counts.items, f).toBeGreaterThan(
        10,
      );
  });
});
