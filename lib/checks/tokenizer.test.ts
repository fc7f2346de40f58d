import { describe, expect, it } from 'vitest';
import { expectedOneOf, quoteString, Scanner } from './tokenizer';

describe('Scanner', () => {
  it('skips whitespace and # comments that start a word', () => {
    const sc = new Scanner('  ping   # a comment');
    sc.skipSpace();
    expect(sc.word()?.text).toBe('ping');
    expect(sc.atEnd()).toBe(true);
  });

  it('keeps # inside a word', () => {
    const sc = new Scanner('/path#frag');
    expect(sc.word()?.text).toBe('/path#frag');
  });

  it('reads quoted strings with escapes; unknown escapes stay literal', () => {
    const sc = new Scanner(String.raw`"a \"b\" \\ \n \d" rest`);
    expect(sc.quoted().value).toBe('a "b" \\ \n \\d');
    expect(sc.atEnd()).toBe(false);
  });

  it('reports unterminated strings at the opening quote', () => {
    const sc = new Scanner('x "open');
    sc.word();
    sc.skipSpace();
    expect(() => sc.quoted()).toThrowError(/unterminated string at column 2/);
  });

  it('round-trips quoteString', () => {
    for (const s of ['plain', 'with "quotes"', 'back\\slash', 'new\nline\ttab', "it's"]) {
      expect(new Scanner(quoteString(s)).quoted().value).toBe(s);
    }
  });
});

describe('expectedOneOf', () => {
  it('lists candidates and suggests a close one', () => {
    expect(expectedOneOf('pnig', ['ping', 'info'])).toBe('expected one of ping, info (did you mean ping?)');
    expect(expectedOneOf('zzzzzz', ['ping', 'info'])).toBe('expected one of ping, info');
  });
});
