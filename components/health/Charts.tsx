'use client';

import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { OverviewView } from './types';

const time = (t: string | number) => {
  // Points carry ISO times or epoch milliseconds.
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? String(t) : d.toISOString().slice(11, 16);
};

// Colours readable on white and on slate-950; the grid and axes use currentColor at low opacity.
const AXIS = { stroke: 'currentColor', fontSize: 11, opacity: 0.7 };
/** One series; every line of both charts is drawn the same way (no dots, no animation, gaps bridged). */
const line = (dataKey: string, stroke: string, name?: string) => (
  <Line
    type="monotone"
    dataKey={dataKey}
    name={name}
    stroke={stroke}
    strokeWidth={2}
    dot={false}
    connectNulls
    isAnimationActive={false}
  />
);

const tooltipStyle = {
  background: 'rgb(15 23 42 / 0.92)',
  border: 'none',
  borderRadius: 6,
  color: '#f1f5f9',
  fontSize: 12,
};

export function HitRateChart({
  data,
  target,
}: {
  data: NonNullable<OverviewView['series']>['hitRate'];
  target: number;
}) {
  const points = data.map((d) => ({
    t: time(d.t),
    value: d.value === null ? null : Math.round(d.value * 1000) / 10,
  }));
  return (
    <figure aria-label="Cache hit rate over time" data-testid="chart-hit-rate">
      <ResponsiveContainer width="100%" height={220}>
        <LineChart data={points} margin={{ top: 8, right: 12, bottom: 0, left: -12 }}>
          <CartesianGrid stroke="currentColor" strokeOpacity={0.12} />
          <XAxis dataKey="t" tick={AXIS} minTickGap={30} />
          <YAxis domain={[0, 100]} unit="%" tick={AXIS} />
          <Tooltip contentStyle={tooltipStyle} formatter={(v) => [`${v}%`, 'hit rate']} />
          <ReferenceLine
            y={target * 100}
            stroke="#f59e0b"
            strokeDasharray="6 4"
            label={{
              value: `target ${target * 100}%`,
              fill: '#f59e0b',
              fontSize: 11,
              position: 'insideBottomRight',
            }}
          />
          {line('value', '#10b981', 'hit rate')}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}

export function LatencyChart({
  data,
  target,
}: {
  data: NonNullable<OverviewView['series']>['latency'];
  target: number;
}) {
  const points = data.map((d) => ({ ...d, t: time(d.t) }));
  return (
    <figure aria-label="Latency p50, p95 and p99 over time" data-testid="chart-latency">
      <ResponsiveContainer width="100%" height={220}>
        <LineChart data={points} margin={{ top: 8, right: 12, bottom: 0, left: -12 }}>
          <CartesianGrid stroke="currentColor" strokeOpacity={0.12} />
          <XAxis dataKey="t" tick={AXIS} minTickGap={30} />
          <YAxis
            tick={AXIS}
            width={48}
            tickFormatter={(v: number) => (v < 1 ? v.toFixed(2) : v < 10 ? v.toFixed(1) : v.toFixed(0))}
          />
          <Tooltip
            contentStyle={tooltipStyle}
            formatter={(v, name) => [`${typeof v === 'number' ? v.toFixed(2) : v} ms`, name]}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <ReferenceLine
            y={target}
            stroke="#f59e0b"
            strokeDasharray="6 4"
            label={{
              value: `target ${target} ms`,
              fill: '#f59e0b',
              fontSize: 11,
              position: 'insideTopRight',
            }}
          />
          {line('p50', '#38bdf8')}
          {line('p95', '#a78bfa')}
          {line('p99', '#f43f5e')}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
