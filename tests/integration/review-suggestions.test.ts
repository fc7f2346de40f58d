import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/lib/db/client';
import { parseUpload } from '@/lib/templates/parse-upload';
import { reviewSuggestions } from '@/lib/templates/review-suggestions';
import { importTemplate } from '@/lib/templates/store';
import { backends } from '../support/db';

const MD = [
  '# Cache release',
  '',
  '- [ ] Redis answers `redis-cli -h cache PING`',
  '- [ ] Keys are there `redis-cli -h cache DBSIZE`',
  '- [ ] Tell the team',
  '',
].join('\n');

describe.each(backends)('reviewing suggested checks in bulk on %s', (_name, open) => {
  let store: Database;
  beforeAll(async () => {
    store = await open();
  });
  afterAll(() => store.close());

  const imported = async (name: string) =>
    (await importTemplate(store.db, { name, ...parseUpload(MD), actorId: null })).template;

  it('binds the accepted checks and remembers the rejected ones in one new version', async () => {
    const t = await imported('Review');
    const [ping, size] = t.model.items;
    const pingCheck = ping!.suggestedChecks[0]!.check;
    const sizeCheck = size!.suggestedChecks[0]!.check;
    expect(pingCheck).toMatch(/^redis:\S+ ping$/);
    const { template: v2, refused } = await reviewSuggestions(store.db, {
      templateId: t.id,
      review: {
        accept: [{ itemId: ping!.id, check: pingCheck.replace(/^redis:\S+/, 'redis:self') }],
        reject: [{ itemId: size!.id, check: sizeCheck }],
      },
      actorId: null,
    });
    expect(v2.version).toBe(2);
    expect(refused).toEqual([]);
    const lines = v2.source.split('\n');
    expect(lines[2]).toBe('- [ ] Redis answers `redis-cli -h cache PING` <!-- check: redis:self ping -->');
    expect(lines[3]).toBe(`- [ ] Keys are there \`redis-cli -h cache DBSIZE\` <!-- reject: ${sizeCheck} -->`);
    const [p2, s2, other] = v2.model.items;
    expect(p2).toMatchObject({ id: ping!.id, check: 'redis:self ping', text: ping!.text });
    // The rejected suggestion is gone, the item keeps its words, and a re-import reads the same.
    expect(s2).toMatchObject({ id: size!.id, text: size!.text, suggestedChecks: [] });
    expect(other!.text).toBe('Tell the team');
    expect(parseUpload(v2.source).model.items.map((i) => [i.id, i.text, i.suggestedChecks.length])).toEqual(
      v2.model.items.map((i) => [i.id, i.text, i.suggestedChecks.length]),
    );
  });

  it('answers a clear error for an unknown item, an invalid check, two checks for one item, or nothing to do', async () => {
    const t = await imported('Review errors');
    const [ping] = t.model.items;
    const review = (r: Parameters<typeof reviewSuggestions>[1]['review']) =>
      reviewSuggestions(store.db, { templateId: t.id, review: r, actorId: null });
    await expect(
      review({ accept: [{ itemId: 'item-nope', check: 'redis:self ping' }] }),
    ).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(review({ accept: [{ itemId: ping!.id, check: 'redis:self pnig' }] })).rejects.toMatchObject({
      code: 'validation_failed',
      message: expect.stringMatching(/pnig/),
    });
    await expect(
      review({
        accept: [
          { itemId: ping!.id, check: 'redis:self ping' },
          { itemId: ping!.id, check: 'redis:self dbsize > 0' },
        ],
      }),
    ).rejects.toMatchObject({ code: 'validation_failed', message: expect.stringMatching(/one check/) });
    await expect(review({})).rejects.toMatchObject({ code: 'validation_failed' });
    // A check that would end its comment early cannot be bound or rejected: it could write Markdown.
    const early = { itemId: ping!.id, check: 'redis:self exists "a --> b"' };
    await expect(review({ reject: [early] })).rejects.toThrow(/-->/);
    await expect(review({ accept: [early], skipRefused: true })).rejects.toThrow(/-->/);
  });

  it('a bulk accept binds what it may and reports the checks a target refuses', async () => {
    const t = await imported('Review bulk');
    const [ping, size] = t.model.items;
    const bulk = {
      accept: [
        { itemId: ping!.id, check: 'redis:self ping' },
        { itemId: size!.id, check: 'http:self GET /api/health/redis [STATUS] == 200' },
      ],
      skipRefused: true,
    };
    const { template, refused } = await reviewSuggestions(store.db, {
      templateId: t.id,
      review: bulk,
      actorId: null,
    });
    expect(template.model.items[0]!.check).toBe('redis:self ping');
    expect(template.model.items[1]!.check).toBeUndefined();
    expect(refused).toEqual([
      {
        itemId: size!.id,
        check: 'http:self GET /api/health/redis [STATUS] == 200',
        reason: expect.stringMatching(/answers only GET or HEAD \/api\/v1\/health/),
      },
    ]);
    // Without skipRefused the same request changes nothing and says why.
    const v = template.version;
    const strict = reviewSuggestions(store.db, {
      templateId: t.id,
      review: { accept: bulk.accept },
      actorId: null,
    });
    await expect(strict).rejects.toMatchObject({ code: 'validation_failed' });
    // Everything refused: nothing to store, the first reason named.
    const none = reviewSuggestions(store.db, {
      templateId: t.id,
      review: { accept: [bulk.accept[1]!], skipRefused: true },
      actorId: null,
    });
    await expect(none).rejects.toThrow(/No check could be bound: “Keys are there/);
    const latest = await reviewSuggestions(store.db, {
      templateId: t.id,
      review: { reject: [{ itemId: size!.id, check: size!.suggestedChecks[0]!.check }] },
      actorId: null,
    });
    expect(latest.template.version).toBe(v + 1);
  });
});
