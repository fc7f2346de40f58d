import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { RunPage } from '@/components/runs/RunPage';
import { runPageData } from '@/lib/pages/data';

export const metadata: Metadata = { title: 'Run' };

export default async function RunRoute({ params }: { params: Promise<{ id: string }> }) {
  const { me, run } = await runPageData((await params).id);
  if (!run) notFound();
  return <RunPage initial={run} me={{ userId: me.userId, roles: me.roles }} />;
}
