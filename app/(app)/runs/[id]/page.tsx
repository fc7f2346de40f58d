import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { RunPage } from '@/components/runs/RunPage';
import { requirePrincipal } from '@/lib/auth/page';
import { getDb } from '@/lib/db/client';
import { findRun } from '@/lib/runs';

export const metadata: Metadata = { title: 'Run' };

export default async function RunRoute({ params }: { params: Promise<{ id: string }> }) {
  const [me, { id }] = await Promise.all([requirePrincipal(), params]);
  const run = await findRun(await getDb(), id);
  if (!run) notFound();
  return <RunPage initial={run} me={{ userId: me.userId, roles: me.roles }} />;
}
