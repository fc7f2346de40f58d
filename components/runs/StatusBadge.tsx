import { Badge, type Tone } from '@/components/ui/Badge';
import type { RunStatus } from '@/lib/runs/types';

const STATUS: Record<RunStatus, { label: string; tone: Tone }> = {
  not_started: { label: 'Not started', tone: 'neutral' },
  in_progress: { label: 'In progress', tone: 'info' },
  completed: { label: 'Completed', tone: 'warn' },
  verified: { label: 'Verified', tone: 'ok' },
  aborted: { label: 'Aborted', tone: 'bad' },
  rolled_back: { label: 'Rolled back', tone: 'bad' },
};

export function StatusBadge({ status }: { status: RunStatus }) {
  const s = STATUS[status];
  return (
    <Badge tone={s.tone} className="whitespace-nowrap">
      <span data-testid="run-status">{s.label}</span>
    </Badge>
  );
}

/** A run whose rollback trigger fires needs a response: this says so beside its status. */
export function FiringBadge({ firing }: { firing: number }) {
  return firing > 0 ? (
    <Badge tone="bad" className="uppercase">
      trigger fired
    </Badge>
  ) : null;
}
