import { describe, expect, it } from 'vitest';
import type { Field } from '@/lib/checklist/model';
import { prefilledFields } from './create';
import { valueFor } from './fields';

const field = (f: Partial<Field>): Field => ({
  key: 'k',
  label: 'Label',
  kind: 'text',
  sectionId: null,
  line: 1,
  ...f,
});

describe('field values', () => {
  it('trims text and refuses other shapes for a text field', () => {
    expect(valueFor(field({}), '  Ada ')).toBe('Ada');
    expect(() => valueFor(field({}), ['Ada'])).toThrow(/send text/);
  });

  it('keeps choices in option order and refuses unknown options', () => {
    const choice = field({ kind: 'choice', options: ['staging', 'production'] });
    expect(valueFor(choice, ['production', 'staging'])).toEqual(['staging', 'production']);
    expect(valueFor(choice, 'production')).toEqual(['production']);
    expect(() => valueFor(choice, ['mars'])).toThrow(/"mars" is not one of staging, production/);
  });

  it('keeps only known, non-empty table cells', () => {
    const table = field({ kind: 'table', rows: ['p50', 'p99'], columns: ['Before', 'After'] });
    expect(valueFor(table, { p50: { Before: ' 12 ', After: '' } })).toEqual({ p50: { Before: '12' } });
    expect(() => valueFor(table, { p75: { Before: '1' } })).toThrow(/no row "p75"/);
    expect(() => valueFor(table, { p50: { During: '1' } })).toThrow(/no column "During"/);
  });
});

describe('prefilled fields', () => {
  const named = (label: string) => field({ key: label.toLowerCase().replace(/\s+/g, '-'), label });
  it('fills the version blank with the run release version, nothing else', () => {
    expect(prefilledFields([named('Deployed by'), named('Release version')], 'v0.1.7')).toEqual({
      'release-version': 'v0.1.7',
    });
    expect(prefilledFields([named('Version')], 'v2')).toEqual({ version: 'v2' });
    expect(prefilledFields([named('Version')], undefined)).toEqual({});
    expect(prefilledFields([named('Redis version')], 'v2')).toEqual({});
  });
});
