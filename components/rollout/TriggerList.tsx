import { Badge, type Tone } from '@/components/ui/Badge';
import type { TriggerState, TriggerView } from '@/lib/runs/types';
import { showValue } from './format';
import { ThresholdSparkline } from './ThresholdSparkline';

const TONE: Record<TriggerState, Tone> = {
  ok: 'ok',
  pending: 'warn',
  firing: 'bad',
  acknowledged: 'warn',
  resolved: 'neutral',
};

/** A stage's rollback triggers: bound ones with their live state and recent values; the rest a watch list for people. */
export function TriggerList({ triggers }: { triggers: TriggerView[] }) {
  if (triggers.length === 0) return null;
  return (
    <ul className="space-y-2" aria-label="Rollback triggers">
      {triggers.map((t) => (
        <li key={t.id} className="text-sm" data-testid="trigger" data-state={t.state}>
          <p>
            {t.check ? (
              <Badge tone={TONE[t.state]}>{t.watched ? t.state : 'not watched yet'}</Badge>
            ) : (
              <Badge>watch</Badge>
            )}{' '}
            {t.text}
          </p>
          {t.check ? (
            <div className="mt-1 grid grid-cols-[1fr_8rem] items-center gap-2 text-xs text-muted">
              <span>
                <code className="font-mono">{t.check}</code>
                {t.observedAt ? ` · now ${showValue(t.value)}` : ''}
                {t.error ? ` · ${t.error}` : ''}
              </span>
              <ThresholdSparkline
                history={t.history}
                threshold={t.threshold}
                label={`Recent values of ${t.check}`}
              />
            </div>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
