import { describe, expect, it } from 'vitest';
import { suggestTriggerChecks } from './suggest-trigger';

const stage = [
  'Monitor metrics:',
  '- relay_dual_write_attempt_total{result="succeeded"}: should be ~100%',
  '- relay_dual_write_attempt_total{result="failed"}: should be <1%',
  '- relay_job_read_path_total{path="new"}: should increase to 60-80%',
  'Redis memory usage: should increase (now storing keys twice)',
];
const suggest = (text: string, context = stage) =>
  suggestTriggerChecks({ text, context }).map((s) => s.check);

describe('suggested checks for rollback triggers', () => {
  it('turns a share threshold and the stage metric it talks about into a ratio alert', () => {
    expect(suggest('If dual-write failure rate >5%, disable AI_JOBS_NEW_SCHEMA')).toEqual([
      'prometheus:api rate(relay_dual_write_attempt_total{result="failed"}[5m]) / rate(relay_dual_write_attempt_total[5m]) > 0.05 for 2m',
    ]);
    expect(suggest('If read path metrics show <50% new schema, something is wrong')).toEqual([
      'prometheus:api rate(relay_job_read_path_total{path="new"}[5m]) / rate(relay_job_read_path_total[5m]) < 0.5 for 2m',
    ]);
    expect(suggest('Abort if the HTTP error ratio is above 2%', ['http_error_ratio: watch it'])).toEqual([
      'prometheus:api http_error_ratio > 0.02 for 2m',
    ]);
  });

  it('suggests nothing rather than a guess', () => {
    // Relative to a baseline the probe does not keep.
    expect(suggest('If 404 errors spike >10%, enable fallback immediately')).toEqual([]);
    expect(suggest('If Redis memory spike >50%, consider increasing capacity')).toEqual([]);
    expect(suggest('p99 latency more than 2x the baseline')).toEqual([]);
    // No threshold, or no metric that shares its words.
    expect(suggest('If any cross-workspace access detected, rollback immediately')).toEqual([]);
    expect(suggest('If checkout conversion drops below 95%')).toEqual([]);
    expect(suggest('If any write errors, investigate atomicity')).toEqual([]);
  });
});
