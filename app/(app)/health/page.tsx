import type { Metadata } from 'next';
import { HealthDashboard } from '@/components/health/HealthDashboard';
import { RANGES } from '@/components/health/types';
import { PageHeader } from '@/components/shell/AppShell';
import { healthPageData } from '@/lib/pages/data';

export const metadata: Metadata = { title: 'Health' };

export default async function HealthPage({
  searchParams,
}: {
  searchParams: Promise<{ environment?: string; range?: string }>;
}) {
  const [sp, { environments: envs }] = await Promise.all([searchParams, healthPageData()]);
  const environment = sp.environment && envs.includes(sp.environment) ? sp.environment : (envs[0] ?? 'local');
  const range = (RANGES as readonly string[]).includes(sp.range ?? '') ? sp.range! : '1h';
  return (
    <>
      <PageHeader
        title="Health"
        description="Live state of each environment: instances, Redis, PostgreSQL, cache hit rate and latency against their targets."
      />
      <HealthDashboard environment={environment} range={range} />
    </>
  );
}
