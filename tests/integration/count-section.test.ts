import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/lib/db/client';
import { setSectionCounted } from '@/lib/templates/count-section';
import { parseUpload } from '@/lib/templates/parse-upload';
import { importTemplate } from '@/lib/templates/store';
import { backends } from '../support/db';

const MD =
  '# Drill\r\n\r\n## Steps\r\n- [ ] Freeze deploys\r\n\r\n## Troubleshooting ##\r\n- [ ] Restart the consumer\r\n';

describe.each(backends)('"count this section" on %s', (_name, open) => {
  let store: Database;
  beforeAll(async () => {
    store = await open();
  });
  afterAll(() => store.close());

  it('writes the marker on the heading line as a new version, and takes it back', async () => {
    const { template } = await importTemplate(store.db, { name: 'Count', ...parseUpload(MD), actorId: null });
    const trouble = template.model.sections[1]!;
    expect(trouble).toMatchObject({ title: 'Troubleshooting', reference: true });
    expect(template.model.counts.progressItems).toBe(1);

    const v2 = await setSectionCounted(store.db, {
      templateId: template.id,
      sectionId: trouble.id,
      counted: true,
      actorId: null,
    });
    expect(v2.version).toBe(2);
    expect(v2.source.split('\r\n')[5]).toBe('## Troubleshooting <!-- liftoff: counted --> ##');
    expect(v2.model.sections[1]).toMatchObject({ id: trouble.id, reference: false, counted: true });
    expect(v2.model.counts.progressItems).toBe(2);
    expect(v2.changes?.changed).toEqual([template.model.items[1]!.id]);

    // Asking again changes nothing; undoing restores the first text exactly.
    const same = await setSectionCounted(store.db, {
      templateId: template.id,
      sectionId: trouble.id,
      counted: true,
      actorId: null,
    });
    expect(same.version).toBe(2);
    const v3 = await setSectionCounted(store.db, {
      templateId: template.id,
      sectionId: trouble.id,
      counted: false,
      actorId: null,
    });
    expect(v3.version).toBe(3);
    expect(v3.source).toBe(MD);
    expect(v3.model.sections[1]!.reference).toBe(true);
  });

  it('works on plain-text headings, and names an unknown section', async () => {
    const { template } = await importTemplate(store.db, {
      name: 'Count plain',
      ...parseUpload('CHECKS\n======\n[ ] one\n\nROLLBACK\n--------\n[ ] undo\n', 'c.txt'),
      actorId: null,
    });
    const rollback = template.model.sections.find((s) => s.title === 'ROLLBACK')!;
    const v2 = await setSectionCounted(store.db, {
      templateId: template.id,
      sectionId: rollback.id,
      counted: true,
      actorId: null,
    });
    expect(v2.model.counts.progressItems).toBe(2);
    await expect(
      setSectionCounted(store.db, {
        templateId: template.id,
        sectionId: 'nope',
        counted: true,
        actorId: null,
      }),
    ).rejects.toMatchObject({ code: 'not_found' });
  });
});
