import { Alert } from '@/components/ui/Alert';
import { Card } from '@/components/ui/Card';
import type { RunView } from '@/lib/runs/types';
import { BenchmarkPanel } from './BenchmarkPanel';
import { FieldsPanel } from './FieldsPanel';
import { SignoffTable } from './SignoffTable';
import type { RunMutations } from './useRunMutations';

/** The panels beside the checklist: the run's fields, the benchmark (engineers) and the sign-off table. */
export function RunSidebar({
  run,
  myRoles,
  canEdit,
  writes,
}: {
  run: RunView;
  myRoles: string[];
  canEdit: boolean;
  writes: RunMutations;
}) {
  return (
    <aside className="space-y-4">
      <Card title="Fields">
        {writes.fieldsError ? <Alert className="mb-2">{writes.fieldsError}</Alert> : null}
        <FieldsPanel
          defs={run.fieldDefs}
          values={run.fields}
          canEdit={canEdit}
          onSave={(k, v) => writes.saveFields({ [k]: v })}
        />
      </Card>
      {canEdit ? (
        <Card title="Benchmark">
          <BenchmarkPanel runId={run.id} items={run.items} />
        </Card>
      ) : null}
      <Card title="Sign-off">
        <SignoffTable
          signoffs={run.signoffs}
          myRoles={myRoles}
          canSignNow={run.status === 'completed' || run.status === 'verified'}
          onSign={writes.sign}
          error={writes.signError}
        />
      </Card>
    </aside>
  );
}
