import { describe, expect, it } from 'vitest';
import { sha256 } from '@/lib/auth/crypto';
import { canonicalJson, signatureOf, snapshotHash, snapshotOf } from './snapshot';

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('is independent of insertion order', () => {
    expect(canonicalJson({ x: 'é', a: null })).toBe(canonicalJson({ a: null, x: 'é' }));
  });
});

describe('run snapshot', () => {
  const base = {
    templateId: 't1',
    templateVersion: 2,
    items: [
      { id: 'b', state: 'done' as const },
      { id: 'a', state: 'skipped' as const },
    ],
    fields: { 'deployed-by': 'Ada', p50: '12' },
  };

  it('sorts items and fields so order of reading does not matter', () => {
    const s = snapshotOf(base);
    expect(s.items).toEqual([
      ['a', 'skipped'],
      ['b', 'done'],
    ]);
    expect(snapshotHash(s)).toBe(snapshotHash(snapshotOf({ ...base, items: [...base.items].reverse() })));
  });

  it('signs the canonical snapshot followed by the user id', () => {
    const s = snapshotOf(base);
    expect(signatureOf(s, 'u1')).toBe(sha256(`${canonicalJson(s)}u1`));
    expect(signatureOf(s, 'u1')).not.toBe(signatureOf(s, 'u2'));
  });

  it('changes when any item state, field or template version changes', () => {
    const h = snapshotHash(snapshotOf(base));
    expect(snapshotHash(snapshotOf({ ...base, templateVersion: 3 }))).not.toBe(h);
    expect(snapshotHash(snapshotOf({ ...base, fields: { ...base.fields, p50: '13' } }))).not.toBe(h);
    expect(
      snapshotHash(
        snapshotOf({
          ...base,
          items: [
            { id: 'b', state: 'done' },
            { id: 'a', state: 'done' },
          ],
        }),
      ),
    ).not.toBe(h);
  });
});
