import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/components/shell/AppShell';
import { Badge } from '@/components/ui/Badge';
import { Card } from '@/components/ui/Card';
import { requirePrincipal } from '@/lib/auth/page';
import { publicTargets, targetsConfig } from '@/lib/config/targets';

export const metadata: Metadata = { title: 'Targets' };

const seconds = (ms: number) => `${ms / 1000} s`;

/** The resolved targets configuration as probes see it, with every credential masked. */
export default async function TargetsPage() {
  await requirePrincipal(['admin']);
  const view = publicTargets(targetsConfig());
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
            <table className="w-full text-left text-sm" data-testid={`targets-${env.name}`}>
              <thead className="text-xs uppercase text-muted">
                <tr>
                  <th className="pb-2 font-medium">Target</th>
                  <th className="pb-2 font-medium">Address</th>
                  <th className="pb-2 text-right font-medium">Interval</th>
                  <th className="pb-2 text-right font-medium">Timeout</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200 align-top dark:divide-slate-800">
                {env.targets.map((t) => (
                  <tr key={t.key}>
                    <td className="py-2 font-mono">{t.key}</td>
                    <td className="py-2 font-mono text-xs">
                      {t.embedded ? <Badge>embedded store</Badge> : null}
                      {t.address ?? null}
                      {t.instances?.map((i) => (
                        <div key={i.name}>
                          {i.name}: {i.address}
                          {t.healthPath ? ` (health ${t.healthPath})` : ''}
                        </div>
                      ))}
                    </td>
                    <td className="py-2 text-right tabular-nums">{seconds(t.intervalMs)}</td>
                    <td className="py-2 text-right tabular-nums">{seconds(t.timeoutMs)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="mt-3 text-xs text-muted">
              Thresholds: Redis PING degraded above {env.thresholds.redisPingDegradedMs} ms · PostgreSQL above{' '}
              {env.thresholds.postgresPingDegradedMs} ms · HTTP above {env.thresholds.httpLatencyDegradedMs}{' '}
              ms · latency target {env.thresholds.latencyTargetMs} ms · hit-rate target{' '}
              {env.thresholds.hitRateTarget * 100}%
            </p>
          </Card>
        ))}
      </div>
    </>
  );
}
