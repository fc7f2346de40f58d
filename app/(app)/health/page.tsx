import type { Metadata } from 'next';
import { PageHeader } from '@/components/shell/AppShell';
import { HealthTile } from '@/components/shell/HealthTile';
import { Card } from '@/components/ui/Card';
import { checkHealth } from '@/lib/health/check';

export const metadata: Metadata = { title: 'Health' };

export default async function HealthPage() {
  const health = await checkHealth();
  return (
    <>
      <PageHeader title="Health" description="Liftoff's own PostgreSQL and Redis, measured now." />
      <Card title="Environment: local">
        <HealthTile health={health} />
      </Card>
    </>
  );
}
