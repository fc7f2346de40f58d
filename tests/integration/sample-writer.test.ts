import { asc } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/lib/db/client';
import { probeSamples } from '@/lib/db/schema';
import type { Sample } from '@/lib/monitor/types';
import { SampleWriter } from '@/lib/monitor/writer';
import { backends } from '../support/db';

const at = (s: number) => new Date(Date.UTC(2026, 10, 26, 8, 0, s, 123));

/** Rows whose text an array literal could mangle: quotes, braces, commas, backslashes, "NULL". */
const ROWS: Sample[] = [
  {
    environment: 'prod',
    target: 'redis:cache',
    kind: 'redis',
    instance: '',
    ok: true,
    latencyMs: 0.041,
    value: null,
    hitRate: 0.93,
    error: null,
    at: at(1),
  },
  {
    environment: 'prod',
    target: 'http:api',
    kind: 'http',
    instance: 'api-1',
    ok: false,
    latencyMs: 2000,
    value: 503,
    hitRate: null,
    error: 'HTTP 503: "upstream", {down}, C:\\path',
    at: at(2),
  },
  {
    environment: 'prod',
    target: 'http:api',
    kind: 'http',
    instance: 'NULL',
    ok: true,
    latencyMs: 3.5,
    value: 200,
    hitRate: null,
    error: 'NULL',
    at: at(3),
  },
  {
    environment: 'préprod ✓',
    target: 'postgres:main',
    kind: 'postgres',
    instance: '',
    ok: true,
    latencyMs: 1e-3,
    value: 0.999,
    hitRate: null,
    error: '',
    at: at(4),
  },
];

describe.each(backends)('the sample writer on %s', (_backend, open) => {
  let store: Database;
  beforeAll(async () => {
    store = await open();
  });
  afterAll(() => store?.close());

  it('writes every row of a batch exactly as probed, text, nulls and times included', async () => {
    const writer = new SampleWriter(store.db, 10_000);
    writer.push(ROWS);
    await writer.flush();
    expect(writer.stats).toEqual({ written: ROWS.length, dropped: 0 });
    const read = await store.db.select().from(probeSamples).orderBy(asc(probeSamples.at));
    expect(read.map(({ id: _id, ...row }) => row)).toEqual(ROWS);
  });

  it('writes a batch larger than one statement in order', async () => {
    const writer = new SampleWriter(store.db, 10_000);
    const many = Array.from({ length: 1_234 }, (_, i) => ({
      ...ROWS[0]!,
      target: `redis:r${i}`,
      at: at(10),
    }));
    writer.push(many);
    await writer.flush();
    expect(writer.stats.written).toBe(1_234);
    const read = await store.db.select({ target: probeSamples.target }).from(probeSamples);
    expect(read.filter((r) => r.target.startsWith('redis:r'))).toHaveLength(1_234);
    await writer.close();
  });
});
