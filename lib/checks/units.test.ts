import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration, parseDuration, parseSize } from './units';

describe('parseSize', () => {
  it('reads binary units, case-insensitively', () => {
    expect(parseSize('512mb')).toBe(536_870_912);
    expect(parseSize('1GB')).toBe(1024 ** 3);
    expect(parseSize('100kb')).toBe(102_400);
    expect(parseSize('2 MiB')).toBe(2 * 1024 ** 2);
    expect(parseSize('1.5gb')).toBe(1_610_612_736);
    expect(parseSize('42b')).toBe(42);
  });

  it('reads what Redis prints: bytes and used_memory_human suffixes', () => {
    expect(parseSize('536870912')).toBe(536_870_912);
    expect(parseSize('1.20M')).toBeCloseTo(1.2 * 1024 ** 2);
    expect(parseSize('832.45K')).toBeCloseTo(832.45 * 1024);
    expect(parseSize(1024)).toBe(1024);
  });

  it('returns null for anything else', () => {
    for (const bad of ['', 'abc', '12 parsecs', '-1mb', '1.2.3', 'mb']) expect(parseSize(bad)).toBeNull();
    expect(parseSize(Number.NaN)).toBeNull();
  });
});

describe('parseDuration', () => {
  it('reads single and compound durations in ms', () => {
    expect(parseDuration('5ms')).toBe(5);
    expect(parseDuration('2s')).toBe(2000);
    expect(parseDuration('1m')).toBe(60_000);
    expect(parseDuration('30d')).toBe(30 * 86_400_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('1.5s')).toBe(1500);
    expect(parseDuration('250us')).toBe(0.25);
    expect(parseDuration(12)).toBe(12);
  });

  it('returns null without a unit or with junk', () => {
    for (const bad of ['', '5', 'soon', '5 ms later', '1x']) expect(parseDuration(bad)).toBeNull();
  });
});

describe('formatBytes / formatDuration', () => {
  it('formats for display', () => {
    expect(formatBytes(536_870_912)).toBe('512 MB');
    expect(formatBytes(1_610_612_736)).toBe('1.5 GB');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(0)).toBe('0 B');
    expect(formatDuration(1500)).toBe('1.5 s');
    expect(formatDuration(30 * 86_400_000)).toBe('30 d');
    expect(formatDuration(0.42)).toBe('0.42 ms');
    expect(formatDuration(90_000)).toBe('1.5 min');
  });
});
