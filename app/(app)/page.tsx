import type { Metadata } from 'next';
import { PageHeader } from '@/components/shell/AppShell';
import { HealthTile } from '@/components/shell/HealthTile';
import { Card, EmptyState } from '@/components/ui/Card';
import { checkHealth } from '@/lib/health/check';

export const metadata: Metadata = { title: 'Overview' };

export default async function OverviewPage() {
  const health = await checkHealth();
  return (
    <>
      <PageHeader
        title="Overview"
        description="Runs in progress, recent sign-offs and the health of each environment."
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <Card title="Runs in progress">
            <EmptyState title="No runs in progress">
              Runs of your deployment checklists will appear here with their progress.
            </EmptyState>
          </Card>
          <Card title="Recently finished">
            <EmptyState title="Nothing finished yet">
              Completed runs show here with their sign-off state.
            </EmptyState>
          </Card>
        </div>
        <Card title="Health">
          <HealthTile health={health} />
        </Card>
      </div>
    </>
  );
}
