import { describe, expect, it } from 'vitest';
import { HitRateSampler, infoNumber, keyspaceKeys, lookupInfoField, parseInfo } from './redis-info';

const INFO = [
  '# Server',
  'redis_version:7.0.15',
  'redis_git_sha1:00000000',
  'redis_mode:standalone',
  'executable:/usr/bin/redis-server',
  'uptime_in_seconds:4242',
  '',
  '# Memory',
  'used_memory:1032512',
  'used_memory_human:1008.31K',
  'maxmemory:536870912',
  'maxmemory_policy:noeviction',
  'mem_fragmentation_ratio:13.77',
  '',
  '# Stats',
  'keyspace_hits:90',
  'keyspace_misses:10',
  'evicted_keys:0',
  'instantaneous_ops_per_sec:12',
  '',
  '# Persistence',
  'aof_enabled:1',
  '',
  '# Commandstats',
  'cmdstat_get:calls=100,usec=250,usec_per_call=2.50,rejected_calls=0,failed_calls=0',
  '',
  '# Latencystats',
  'latency_percentiles_usec_ping:p50=0.001,p99=1.003,p99.9=1.003',
  '',
  '# Keyspace',
  'db0:keys=12,expires=3,avg_ttl=1500',
  'db2:keys=5,expires=0,avg_ttl=0',
  '',
].join('\r\n');

describe('parseInfo', () => {
  const info = parseInfo(INFO);

  it('parses every section, numbers as numbers', () => {
    expect(Object.keys(info)).toEqual([
      'server',
      'memory',
      'stats',
      'persistence',
      'commandstats',
      'latencystats',
      'keyspace',
    ]);
    expect(info.server).toMatchObject({
      redis_version: '7.0.15',
      redis_git_sha1: '00000000',
      executable: '/usr/bin/redis-server',
      uptime_in_seconds: 4242,
    });
    expect(info.memory).toMatchObject({
      maxmemory: 536870912,
      used_memory_human: '1008.31K',
      mem_fragmentation_ratio: 13.77,
    });
  });

  it('parses keyspace and other compound values', () => {
    expect(info.keyspace?.db0).toEqual({ keys: 12, expires: 3, avg_ttl: 1500 });
    expect(info.commandstats?.cmdstat_get).toMatchObject({ calls: 100, usec_per_call: 2.5 });
    expect(info.latencystats?.latency_percentiles_usec_ping).toEqual({
      p50: 0.001,
      p99: 1.003,
      'p99.9': 1.003,
    });
  });

  it('looks fields up across sections', () => {
    expect(lookupInfoField(info, 'maxmemory_policy')).toEqual({
      section: 'memory',
      field: 'maxmemory_policy',
      value: 'noeviction',
    });
    expect(lookupInfoField(info, 'aof_enabled')?.value).toBe(1);
    expect(lookupInfoField(info, 'nope')).toBeUndefined();
    expect(infoNumber(info, 'keyspace_hits')).toBe(90);
    expect(infoNumber(info, 'redis_version')).toBeNull();
  });

  it('reads dbN as its key count, and one pair of a compound field', () => {
    expect(lookupInfoField(info, 'db0')).toMatchObject({ value: 12, details: { keys: 12, expires: 3 } });
    expect(lookupInfoField(info, 'db0_expires')?.value).toBe(3);
    expect(lookupInfoField(info, 'db0_avg_ttl')?.value).toBe(1500);
    expect(lookupInfoField(info, 'cmdstat_get_calls')?.value).toBe(100);
    expect(lookupInfoField(info, 'cmdstat_get_usec_per_call')?.value).toBe(2.5);
    expect(keyspaceKeys(info)).toBe(17);
  });

  it('takes output without section headers and ignores junk', () => {
    expect(parseInfo('a:1\nnot a field\n:x\nb:two\n')).toEqual({ default: { a: 1, b: 'two' } });
    expect(parseInfo('')).toEqual({});
  });
});

describe('HitRateSampler', () => {
  it('reports the lifetime rate first, then deltas between samples', () => {
    const s = new HitRateSampler();
    expect(s.next(90, 10, 1_000)).toEqual({
      hitRate: 0.9,
      hits: 90,
      misses: 10,
      windowMs: null,
      since: 'start',
    });
    expect(s.next(97, 13, 11_000)).toEqual({
      hitRate: 0.7,
      hits: 7,
      misses: 3,
      windowMs: 10_000,
      since: 'previous',
    });
  });

  it('is null without traffic and counts from zero after a reset', () => {
    const s = new HitRateSampler();
    expect(s.next(0, 0).hitRate).toBeNull();
    s.next(50, 50, 0);
    expect(s.next(50, 50, 1).hitRate).toBeNull();
    expect(s.next(4, 1, 2)).toMatchObject({ hitRate: 0.8, hits: 4, misses: 1 });
  });
});
