import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/components/shell/AppShell';
import { Badge } from '@/components/ui/Badge';
import { Card } from '@/components/ui/Card';
import { type Column, DataTable } from '@/components/ui/DataTable';
import { degradedLimits, type PublicTarget } from '@/lib/config/targets';
import { targetsPageData } from '@/lib/pages/data';
import type { ProbeRoleReport } from '@/lib/probes';

export const metadata: Metadata = { title: 'Targets' };

const seconds = (ms: number) => `${ms / 1000} s`;

/** What the probe's PostgreSQL role may do beyond what checks need (README: a least-privilege probe role). */
function RoleNote({ report }: { report: ProbeRoleReport | undefined }) {
  if (!report) return null;
  if (report.warnings.length === 0) {
    return (
      <div className="mt-1 font-sans text-muted">
        role {report.role}: reads {report.readableTables} tables or views, nothing more
      </div>
    );
  }
  return (
    <div className="mt-1 font-sans" role="note" data-testid={`role-warning-${report.target}`}>
      <Badge tone="warn">probe role {report.role ?? ''} may read more than checks need</Badge>
      <ul className="mt-1 list-disc pl-5 text-amber-700 dark:text-amber-400">
        {report.warnings.map((w) => (
          <li key={w}>{w}</li>
        ))}
      </ul>
    </div>
  );
}

type Report = ProbeRoleReport | undefined;

/** The columns of one environment's table; the address cell carries the probe role's warning. */
const columns = (reportOf: (t: PublicTarget) => Report): Column<PublicTarget>[] => [
  { key: 'target', header: 'Target', rowHeader: true, cellClassName: 'font-mono', cell: (t) => t.key },
  {
    key: 'address',
    header: 'Address',
    cellClassName: 'font-mono text-xs',
    cell: (t) => (
      <>
        {t.embedded ? <Badge>embedded store</Badge> : null}
        {t.address ?? null}
        <RoleNote report={reportOf(t)} />
        {t.instances?.map((i) => (
          <div key={i.name}>
            {i.name}: {i.address}
            {t.healthPath ? ` (health ${t.healthPath})` : ''}
          </div>
        ))}
      </>
    ),
  },
  {
    key: 'interval',
    header: 'Interval',
    align: 'right',
    cellClassName: 'tabular-nums',
    cell: (t) => seconds(t.intervalMs),
  },
  {
    key: 'timeout',
    header: 'Timeout',
    align: 'right',
    cellClassName: 'tabular-nums',
    cell: (t) => seconds(t.timeoutMs),
  },
];

/** The resolved targets configuration as probes see it, with every credential masked. */
export default async function TargetsPage() {
  const { view, warnings } = await targetsPageData();
  return (
    <>
      <PageHeader
        title="Targets"
        description={
          view.source === 'file' ? (
            <>
              From <code className="font-mono">{view.path}</code> (LIFTOFF_CONFIG). Passwords and tokens are
              masked.
            </>
          ) : (
            'No LIFTOFF_CONFIG file: the local environment probes Liftoff’s own store, Redis and health endpoint.'
          )
        }
        action={
          <Link href="/admin" className="text-sm text-brand-600 underline">
            Back to Admin
          </Link>
        }
      />
      <div className="space-y-6">
        {view.environments.map((env) => (
          <Card key={env.name} title={`Environment: ${env.name}`}>
            <DataTable
              label={`Targets of ${env.name}`}
              testId={`targets-${env.name}`}
              columns={columns((t) => warnings.find((w) => w.environment === env.name && w.target === t.key))}
              rows={env.targets}
              rowKey={(t) => t.key}
              empty={<p className="text-sm text-muted">No targets in this environment.</p>}
            />
            <p className="mt-3 text-xs text-muted">
              Degraded above:{' '}
              {degradedLimits(env.thresholds)
                .map((d) => `${d.label} ${d.ms} ms`)
                .join(' · ')}{' '}
              · latency target {env.thresholds.latencyTargetMs} ms · hit-rate target{' '}
              {env.thresholds.hitRateTarget * 100}%
            </p>
          </Card>
        ))}
      </div>
    </>
  );
}
