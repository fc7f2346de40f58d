/**
 * Sizes and durations. Sizes are binary (1kb = 1024 bytes), the convention Redis uses for
 * `maxmemory 512mb` and for `used_memory_human`.
 */
import type { DurationUnit, SizeUnit } from './ast';

const KIB = 1024;

export const SIZE_FACTORS: Record<SizeUnit, number> = {
  b: 1,
  kb: KIB,
  mb: KIB ** 2,
  gb: KIB ** 3,
  tb: KIB ** 4,
  kib: KIB,
  mib: KIB ** 2,
  gib: KIB ** 3,
  tib: KIB ** 4,
};

export const DURATION_FACTORS: Record<DurationUnit, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

const AMOUNT = String.raw`\d+(?:\.\d+)?(?:e[+-]?\d+)?`;

/** Strict forms used by the check syntax: `1m` there is a minute, so sizes need a `b`. */
export const SIZE_WORD_RE = new RegExp(`^(${AMOUNT})(b|kb|mb|gb|tb|kib|mib|gib|tib)$`, 'i');
export const DURATION_WORD_RE = new RegExp(`^(${AMOUNT})(ms|s|m|h|d|w)$`, 'i');
export const NUMBER_WORD_RE = new RegExp(`^-?${AMOUNT}$`, 'i');

/** Lenient: also the single-letter suffixes Redis prints (`1.20M`) and a bare number of bytes. */
const LENIENT_SIZE_RE = /^([+]?\d+(?:\.\d+)?|\.\d+)\s*(b|k|kb|kib|m|mb|mib|g|gb|gib|t|tb|tib)?$/i;
const LENIENT_FACTOR: Record<string, number> = { '': 1, b: 1, k: KIB, m: KIB ** 2, g: KIB ** 3, t: KIB ** 4 };

/** Bytes for `512mb`, `1.5GB`, `100 KiB`, `1.20M`, `536870912` (or a number); null if not a size. */
export function parseSize(input: string | number): number | null {
  if (typeof input === 'number') return Number.isFinite(input) && input >= 0 ? input : null;
  const m = LENIENT_SIZE_RE.exec(input.trim());
  if (!m) return null;
  const unit = (m[2] ?? '').toLowerCase();
  const factor = LENIENT_FACTOR[unit] ?? SIZE_FACTORS[unit as SizeUnit];
  const amount = Number(m[1]);
  return factor === undefined || !Number.isFinite(amount) ? null : amount * factor;
}

const DURATION_PART_RE = /(\d+(?:\.\d+)?)(ms|us|µs|s|m|h|d|w)/gy;

/** Milliseconds for `5ms`, `2s`, `1m`, `30d`, `1h30m` (or a number, taken as ms); null otherwise. */
export function parseDuration(input: string | number): number | null {
  if (typeof input === 'number') return Number.isFinite(input) ? input : null;
  const text = input.trim().toLowerCase();
  if (text === '') return null;
  DURATION_PART_RE.lastIndex = 0;
  let total = 0;
  let end = 0;
  for (let m = DURATION_PART_RE.exec(text); m; m = DURATION_PART_RE.exec(text)) {
    const unit = m[2] ?? '';
    const factor = unit === 'us' || unit === 'µs' ? 0.001 : DURATION_FACTORS[unit as DurationUnit];
    total += Number(m[1]) * factor;
    end = DURATION_PART_RE.lastIndex;
  }
  return end === text.length && end > 0 ? total : null;
}

function trimNumber(n: number, digits: number): string {
  return Number(n.toFixed(digits)).toString();
}

const BYTE_LABELS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'] as const;

/** `536870912` → `512 MB`, `1610612736` → `1.5 GB`: for display, binary units. */
export function formatBytes(bytes: number, fractionDigits = 1): string {
  if (!Number.isFinite(bytes)) return String(bytes);
  const sign = bytes < 0 ? '-' : '';
  let n = Math.abs(bytes);
  let i = 0;
  while (n >= KIB && i < BYTE_LABELS.length - 1) {
    n /= KIB;
    i++;
  }
  return `${sign}${trimNumber(n, i === 0 ? 0 : fractionDigits)} ${BYTE_LABELS[i]}`;
}

/** `1500` → `1.5 s`, `2592000000` → `30 d`: for display in evidence. */
export function formatDuration(ms: number, fractionDigits = 1): string {
  if (!Number.isFinite(ms)) return String(ms);
  const abs = Math.abs(ms);
  const steps: [number, string][] = [
    [DURATION_FACTORS.d, 'd'],
    [DURATION_FACTORS.h, 'h'],
    [DURATION_FACTORS.m, 'min'],
    [DURATION_FACTORS.s, 's'],
  ];
  for (const [factor, label] of steps) {
    if (abs >= factor) return `${trimNumber(ms / factor, fractionDigits)} ${label}`;
  }
  return `${trimNumber(ms, abs < 10 ? 2 : 0)} ms`;
}
