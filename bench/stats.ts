/** Percentiles over a sample of milliseconds, and the timing loop every bench shares. */
export function percentiles(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: s.at(-1) ?? Number.NaN, n: s.length };
}

export async function timeEach(n: number, fn: () => Promise<unknown>): Promise<number[]> {
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    out[i] = performance.now() - t;
  }
  return out;
}

export const ms = (v: number) => `${v < 1 ? v.toFixed(3) : v.toFixed(2)} ms`;
export const ratio = (v: number, base: number) => `${(v / base).toFixed(2)}x`;

export interface BenchResult {
  name: string;
  lines: string[];
  pass: boolean;
}
