import { thresholdNumber } from './format';

/** The watched value's recent points against its threshold (dashed), in SVG. */
export function ThresholdSparkline({
  history,
  threshold,
  label,
}: {
  history: [number, number | null][];
  threshold?: string;
  label: string;
}) {
  const points = history.filter((p): p is [number, number] => p[1] !== null);
  if (points.length < 2) return <span className="text-xs text-muted">no values yet</span>;
  const line = thresholdNumber(threshold);
  const values = points.map((p) => p[1]);
  const lo = Math.min(...values, line ?? Infinity);
  const hi = Math.max(...values, line ?? -Infinity);
  const span = hi - lo || 1;
  const t0 = points[0]![0];
  const t1 = points.at(-1)![0];
  const x = (t: number) => ((t - t0) / (t1 - t0 || 1)) * 100;
  const y = (v: number) => 28 - ((v - lo) / span) * 26;
  return (
    <svg viewBox="0 0 100 30" preserveAspectRatio="none" className="h-8 w-full" role="img" aria-label={label}>
      {line !== null ? (
        <line
          x1="0"
          x2="100"
          y1={y(line)}
          y2={y(line)}
          stroke="currentColor"
          className="text-red-500"
          strokeDasharray="3 2"
          vectorEffect="non-scaling-stroke"
        />
      ) : null}
      <polyline
        points={points.map(([t, v]) => `${x(t)},${y(v)}`).join(' ')}
        fill="none"
        stroke="currentColor"
        className="text-brand-500"
        strokeWidth="1.5"
        vectorEffect="non-scaling-stroke"
      />
    </svg>
  );
}
