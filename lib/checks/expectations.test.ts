import { describe, expect, it } from 'vitest';
import {
  bodyConditions,
  comparisonsIn,
  fromComment,
  fromOutputBlock,
  fromProse,
  fromTextAfter,
} from './expectations';
import { formatCondition } from './format';

describe('expectations', () => {
  it('reads single-token comments and JSON, ignores prose', () => {
    expect(fromComment('Expected: PONG')).toEqual({ literal: 'PONG' });
    expect(fromComment('should return "yes"')).toEqual({ literal: 'yes' });
    expect(fromComment('Expected: {"status":"ok"}')).toEqual({ json: { status: 'ok' } });
    expect(fromComment('Expected: {"status":"ok",...}')).toEqual({});
    expect(fromComment('Expected: a list of brokers')).toEqual({});
    expect(fromComment('Check the thing')).toEqual({});
  });

  it('reads what follows an inline command', () => {
    expect(fromTextAfter(' returns ', '512mb')).toEqual({ literal: '512mb' });
    expect(fromTextAfter(' returns 200 when healthy', undefined)).toEqual({ literal: '200' });
    expect(fromTextAfter(' returns data', undefined)).toEqual({});
    expect(fromTextAfter(' and then ', 'other')).toEqual({});
    expect(fromProse('The count should be `0` afterwards')).toEqual({ literal: '0' });
  });

  it('reads output blocks', () => {
    expect(fromOutputBlock('PONG\n')).toEqual({ literal: 'PONG' });
    expect(fromOutputBlock('1) "maxmemory"\n2) "536870912"')).toEqual({ lines: ['maxmemory', '536870912'] });
    expect(fromOutputBlock('{"ok": true}')).toEqual({ json: { ok: true } });
    expect(fromOutputBlock('many\nlines\nof\noutput')).toEqual({});
  });

  it('finds comparisons in prose', () => {
    expect(comparisonsIn('memory <512MB, hit rate ≥ 90% and p95 < 200ms')).toEqual([
      { op: '<', amount: 512, unit: 'mb' },
      { op: '>=', amount: 90, unit: '%' },
      { op: '<', amount: 200, unit: 'ms' },
    ]);
  });

  it('turns an expected body into status-like conditions only', () => {
    const json = {
      status: 'healthy',
      timestamp: '2025-01-01T...',
      store: { connected: true, version: '7.x.x', keys: 42, state: 'ready' },
      items: [{ status: 'ok' }],
    };
    expect(bodyConditions(json).map(formatCondition)).toEqual([
      '[BODY].status == healthy',
      '[BODY].store.connected == true',
      '[BODY].store.state == ready',
    ]);
  });
});
