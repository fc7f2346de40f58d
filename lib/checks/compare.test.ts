import { describe, expect, it } from 'vitest';
import type { CompareOp, Value } from './ast';
import { compareValues, containsText, isTruthy } from './compare';
import { classifyWord } from './values';

const cmp = (actual: unknown, op: CompareOp, literal: string | Value) =>
  compareValues(actual, op, typeof literal === 'string' ? classifyWord(literal) : literal);

describe('compareValues', () => {
  it('compares numbers numerically, from numbers or numeric strings', () => {
    expect(cmp(200, '==', '200').ok).toBe(true);
    expect(cmp('10', '>', '9').ok).toBe(true);
    expect(cmp(0.1 + 0.2, '==', '0.3').ok).toBe(true);
    expect(cmp('0.95', '>', '0.9').ok).toBe(true);
    expect(cmp(true, '==', '1').ok).toBe(true);
  });

  it('compares sizes as bytes, whichever way they are written', () => {
    expect(cmp(536_870_912, '==', '512mb').ok).toBe(true);
    expect(cmp('536870912', '==', '512mb').ok).toBe(true);
    expect(cmp('512mb', '==', '512mb').ok).toBe(true);
    expect(cmp('1.20M', '<', '512mb').ok).toBe(true);
    expect(cmp(536_870_912, '==', { type: 'string', value: '512mb' }).ok).toBe(true);
    const bigger = cmp(1_073_741_824, '==', '512mb');
    expect(bigger).toMatchObject({ ok: false, shown: '1073741824 (1 GB)' });
    expect(cmp('lots', '<', '1gb')).toMatchObject({ ok: false, reason: '"lots" is not a size' });
  });

  it('compares durations as milliseconds', () => {
    expect(cmp(12.5, '<', '50ms').ok).toBe(true);
    expect(cmp(31 * 86_400_000, '>', '30d').ok).toBe(true);
    expect(cmp(29 * 86_400_000, '>', '30d').ok).toBe(false);
    expect(cmp('2s', '>=', '1500ms').ok).toBe(true);
  });

  it('compares version-like strings as versions', () => {
    expect(cmp('7.0.15', '>=', '7').ok).toBe(true);
    expect(cmp('7.0.15', '<', '8').ok).toBe(true);
    expect(cmp('7.10.1', '>', '7.2').ok).toBe(true);
    expect(cmp('6.2.14', '>=', '7').ok).toBe(false);
    expect(cmp('16.2 (Debian 16.2-1.pgdg120+2)', '>=', '15').ok).toBe(true);
    expect(cmp('v1.4.0', '>=', '1.3.9').ok).toBe(true);
    expect(cmp(7, '<', '7.0.1').ok).toBe(true);
  });

  it('compares other strings by case-sensitive equality only', () => {
    expect(cmp('yes', '==', 'yes').ok).toBe(true);
    expect(cmp('Yes', '==', 'yes').ok).toBe(false);
    expect(cmp('no', '!=', 'yes').ok).toBe(true);
    expect(cmp(true, '==', 'true').ok).toBe(true);
    expect(cmp({ a: 1 }, '==', { type: 'string', value: '{"a":1}' }).ok).toBe(true);
    expect(cmp('abc', '<', 'abd')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/cannot order "abc" and "abd"/),
    });
    expect(cmp('abc', '<', '5')).toMatchObject({ ok: false, reason: '"abc" is not a number' });
  });
});

describe('containsText / isTruthy', () => {
  it('searches strings and JSON', () => {
    expect(containsText('cache_hits_total 42', 'cache_hits')).toBe(true);
    expect(containsText({ deps: ['redis'] }, 'redis')).toBe(true);
    expect(containsText(12345, '234')).toBe(true);
    expect(containsText('abc', 'ABC')).toBe(false);
  });

  it('reads truthiness like a person would', () => {
    for (const t of [true, 1, '1', 'yes', 'vector', ['x'], {}]) expect(isTruthy(t)).toBe(true);
    for (const f of [false, 0, '0', 'no', 'false', '', null, undefined, [], Number.NaN])
      expect(isTruthy(f)).toBe(false);
  });
});
