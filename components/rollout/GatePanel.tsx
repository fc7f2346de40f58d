import type { StageGateView } from '@/lib/runs/types';
import { humanDuration, showValue } from './format';

/** "2 of 3 prerequisites met; read_ratio > 0.8: 0.83, held 3d of 7d". */
export function GateSummary({ gate }: { gate: StageGateView }) {
  return (
    <div className="mt-1 text-xs" data-testid="stage-gate">
      <p className={gate.passes ? 'text-emerald-700 dark:text-emerald-400' : 'text-muted'}>
        {gate.met} of {gate.total} prerequisites met
      </p>
      <ul className="mt-0.5 space-y-0.5">
        {gate.items
          .filter((i) => !i.ok)
          .map((i) => (
            <li key={i.itemId} className="text-muted">
              ☐ {i.text}
            </li>
          ))}
        {gate.checks.map((c) => (
          <li key={c.itemId} className={c.ok ? 'text-emerald-700 dark:text-emerald-400' : 'text-muted'}>
            <code className="font-mono">{c.check}</code>: {showValue(c.value)}, held{' '}
            {humanDuration(c.heldForMs)} of {humanDuration(c.neededMs)}
            {c.error ? ` · ${c.error}` : ''}
          </li>
        ))}
      </ul>
    </div>
  );
}
