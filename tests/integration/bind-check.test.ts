import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '@/lib/checklist/fixtures/files';
import type { Database } from '@/lib/db/client';
import { bindCheck, bindTrigger } from '@/lib/templates/bind-check';
import { parseUpload } from '@/lib/templates/parse-upload';
import { importTemplate } from '@/lib/templates/store';
import { backends } from '../support/db';

const MD =
  '# Drill\r\n\r\n- [ ] Redis answers `redis-cli -h cache PING`\r\n- [ ] Old check <!-- check: redis:cache dbsize -->\r\n';

describe.each(backends)('binding a check to a template item on %s', (_name, open) => {
  let store: Database;
  beforeAll(async () => {
    store = await open();
  });
  afterAll(() => store.close());

  it('writes the comment on the item line as a new version, keeping ids, CRLF and other lines', async () => {
    const { template } = await importTemplate(store.db, { name: 'Bind', ...parseUpload(MD), actorId: null });
    const [first, second] = template.model.items;
    const v2 = await bindCheck(store.db, {
      templateId: template.id,
      itemId: first!.id,
      check: 'redis:self   ping',
      actorId: null,
    });
    expect(v2.version).toBe(2);
    expect(v2.model.items[0]).toMatchObject({ id: first!.id, check: 'redis:self ping' });
    expect(v2.source.split('\r\n')[2]).toBe(
      '- [ ] Redis answers `redis-cli -h cache PING` <!-- check: redis:self ping -->',
    );
    const v3 = await bindCheck(store.db, {
      templateId: template.id,
      itemId: second!.id,
      check: 'redis:self dbsize > 0',
      actorId: null,
    });
    expect(v3.source.split('\r\n')[3]).toBe('- [ ] Old check <!-- check: redis:self dbsize > 0 -->');
    expect(v3.changes?.changed).toEqual([second!.id]);
  });

  it('refuses a check that does not parse, with the column, and plain-text checklists', async () => {
    const { template } = await importTemplate(store.db, {
      name: 'Bind 2',
      ...parseUpload(MD),
      actorId: null,
    });
    await expect(
      bindCheck(store.db, {
        templateId: template.id,
        itemId: template.model.items[0]!.id,
        check: 'redis:self pnig',
        actorId: null,
      }),
    ).rejects.toMatchObject({ code: 'validation_failed', message: expect.stringMatching(/pnig.*column/) });
    const text = await importTemplate(store.db, {
      name: 'Plain',
      ...parseUpload('CHECKS\n======\n[ ] one\n[ ] two\n'),
      actorId: null,
    });
    await expect(
      bindCheck(store.db, {
        templateId: text.template.id,
        itemId: text.template.model.items[0]!.id,
        check: 'redis:self ping',
        actorId: null,
      }),
    ).rejects.toMatchObject({ code: 'unprocessable' });
  });

  it('accepts a suggested check for a rollback trigger, in plain text too, keeping the trigger id', async () => {
    const { template } = await importTemplate(store.db, {
      name: 'Cache rollout',
      ...parseUpload(fixture('stages-plain.txt'), 'rollout.txt'),
      actorId: null,
    });
    const phase1 = template.model.stages![0]!;
    expect(phase1.id).toBe('phase-1');
    const [miss, latency] = phase1.triggers;
    expect(miss!.suggestedChecks?.map((c) => c.check)).toEqual([
      'prometheus:api rate(cache_lookup_total{cache="new",result="miss"}[5m]) / rate(cache_lookup_total[5m]) > 0.2 for 2m',
    ]);
    // "doubles" is relative to a baseline: nothing is suggested.
    expect(latency!.suggestedChecks).toBeUndefined();
    const v2 = await bindTrigger(store.db, {
      templateId: template.id,
      triggerId: miss!.id,
      check: miss!.suggestedChecks![0]!.check.replace('prometheus:api', 'prometheus:cache'),
      actorId: null,
    });
    const bound = v2.model.stages![0]!.triggers[0]!;
    expect(bound).toMatchObject({
      id: miss!.id,
      check: expect.stringMatching(/^prometheus:cache rate\(/),
      for: '2m',
    });
    expect(v2.source).toContain(
      '  - If new cache miss rate >20%, turn dual reads off <!-- trigger: prometheus:cache',
    );
    await expect(
      bindTrigger(store.db, {
        templateId: template.id,
        triggerId: miss!.id,
        check: 'redis:self config requirepass',
        actorId: null,
      }),
    ).rejects.toMatchObject({ code: 'validation_failed' });
  });
});
