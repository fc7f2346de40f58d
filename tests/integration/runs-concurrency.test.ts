import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/lib/db/client';
import { createRun, getRun, type ItemWriteResult, listAudit, setItemState } from '@/lib/runs';
import { backends } from '../support/db';
import { as, type People, people, releaseTemplate } from './runs-fixtures';

// PostgreSQL gets the real pool and 50 writers; PGlite has one connection, so fewer.
const SIZES = { postgres: { writers: 50, writes: 8 }, pglite: { writers: 10, writes: 4 } } as const;

describe.each(backends)('concurrent item writes on %s', (name, open) => {
  let store: Database;
  let p: People;

  beforeAll(async () => {
    store = await open();
    p = await people(store.db);
  });
  afterAll(() => store.close());

  it('loses no update: versions and audit events equal the accepted writes', async () => {
    const { writers, writes } = SIZES[name];
    const template = await releaseTemplate(store.db);
    const { run } = await createRun(store.db, as(p.eng), { templateId: template.id, title: 'busy' });
    // Few items, many writers: most writes collide on the same rows.
    const items = (await getRun(store.db, run.id)).items.slice(0, 4);
    const accepted: ItemWriteResult[] = [];
    let conflicts = 0;

    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        // Odd writers say which version they saw, so some of their writes are refused as stale.
        const seen = new Map(items.map((i) => [i.id, 1]));
        for (let n = 0; n < writes; n++) {
          const item = items[(w + n) % items.length]!;
          const body = {
            state: (w + n) % 2 ? ('done' as const) : ('open' as const),
            note: `writer ${w} write ${n}`,
            ...(w % 2 ? { expectedVersion: seen.get(item.id) } : {}),
          };
          try {
            const result = await setItemState(store.db, as(w % 3 ? p.eng : p.ci), run.id, item.id, body);
            if (result.event) accepted.push(result);
            seen.set(item.id, result.item.version);
          } catch (err) {
            const e = err as { code?: string; details?: { current?: { version: number } } };
            if (e.code !== 'conflict') throw err;
            conflicts++;
            seen.set(item.id, e.details!.current!.version);
          }
        }
      }),
    );

    expect(accepted.length + conflicts).toBe(writers * writes);
    expect(accepted.length).toBeGreaterThan(writers * writes * 0.5);
    const after = await getRun(store.db, run.id);
    const bumps = after.items.reduce((sum, i) => sum + (i.version - 1), 0);
    expect(bumps).toBe(accepted.length);
    // Every accepted write got its own version: no two saw the same row version.
    for (const item of items) {
      const versions = accepted
        .filter((r) => r.item.id === item.id)
        .map((r) => r.item.version)
        .sort((a, b) => a - b);
      expect(versions).toEqual(Array.from({ length: versions.length }, (_, i) => i + 2));
    }
    const events = (await listAudit(store.db, run.id, { limit: 1000 })).filter(
      (e) => e.action === 'item.state',
    );
    expect(events).toHaveLength(accepted.length);
    expect(new Set(events.map((e) => e.id))).toEqual(new Set(accepted.map((r) => r.event!.id)));
    // The last event of each item describes the item as it is now.
    for (const item of after.items.slice(0, 4)) {
      const last = events.filter((e) => e.subject === item.id).at(-1);
      expect(last?.after).toMatchObject({ state: item.state, version: item.version, note: item.note });
    }
  });
});
