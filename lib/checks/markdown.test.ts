import { describe, expect, it } from 'vitest';
import { inlineSpans, stripPrompts } from './markdown';

describe('inlineSpans', () => {
  it('reads single and double backtick spans', () => {
    expect(inlineSpans('run `redis-cli ping` then `` a`b `` and `x`').map((s) => s.value)).toEqual([
      'redis-cli ping',
      'a`b',
      'x',
    ]);
  });

  it('leaves unmatched runs literal and stays linear on backtick floods', () => {
    expect(inlineSpans('a `` b ` c').map((s) => s.value)).toEqual([]);
    // Linear, not quadratic: 10x the input may cost ~10x, never ~100x. Best of 3 damps a busy machine.
    const cost = (n: number) =>
      Math.min(
        ...[0, 1, 2].map(() => {
          const start = performance.now();
          inlineSpans('`'.repeat(n));
          inlineSpans('` `` '.repeat(n / 5));
          return performance.now() - start;
        }),
      );
    const small = cost(5_000);
    expect(cost(50_000)).toBeLessThan(small * 40 + 20);
  });
});

describe('stripPrompts', () => {
  it('keeps prompted lines and their continuations only', () => {
    expect(stripPrompts('$ curl \\\n  http://x/health\n{"ok":true}\n$ redis-cli ping\nPONG')).toBe(
      'curl \\\n  http://x/health\n\nredis-cli ping\n',
    );
    expect(stripPrompts('redis-cli ping')).toBe('redis-cli ping');
  });
});
