/** "3d 4h", "12 min", "40 s": a duration as a person reads it on the stage rail and banners. */
export function humanDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3_600);
  const m = Math.floor((s % 3_600) / 60);
  if (d > 0) return h ? `${d}d ${h}h` : `${d}d`;
  if (h > 0) return m ? `${h}h ${m}m` : `${h}h`;
  if (m > 0) return `${m} min`;
  return `${s} s`;
}

/** A watched value as text: numbers to four significant digits, anything else as JSON. */
export function showValue(v: unknown): string {
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(4)));
  if (v === undefined || v === null) return '—';
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** The number in a simple threshold (`> 0.05`), for drawing it; null for anything else. */
export function thresholdNumber(threshold: string | undefined): number | null {
  const m = threshold?.match(/^\s*(?:\[VALUE\]\s*)?(?:[<>]=?|==|!=)\s*(-?\d+(?:\.\d+)?)\s*$/);
  return m ? Number(m[1]) : null;
}
