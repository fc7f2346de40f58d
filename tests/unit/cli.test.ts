import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { seed } from '../support/corpus';
import { describeCorpus } from '../support/corpus-suite';

const ROOT = path.resolve(import.meta.dirname, '../..');
const FIXTURES = path.join(ROOT, 'lib/checklist/fixtures');
const seedPath = (prefix: string) => seed(prefix).path;

function liftoff(args: string[], env: Record<string, string> = {}) {
  const run = spawnSync(process.execPath, [path.join(ROOT, 'bin/liftoff.mjs'), ...args], {
    cwd: os.tmpdir(),
    env: { ...process.env, LIFTOFF_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'liftoff-cli-')), ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return {
    code: run.status,
    out: run.stdout,
    err: run.stderr
      .split('\n')
      .filter((l) => l && !l.startsWith('npm warn'))
      .join('\n'),
  };
}

describe('liftoff parse on the fixtures', () => {
  it('prints the title, counts and whole item texts of each real-world class', () => {
    const files = [
      'class1-html-links.md',
      'class2-code-count.md',
      'class3-several-h1.md',
      'class3-wiki-export.md',
      'class4-two-blanks.txt',
      'class5-radio.txt',
      'class6-reference.md',
      'class7-commands.txt',
    ];
    const { code, out } = liftoff(['parse', ...files.map((f) => path.join(FIXTURES, f)), '--json']);
    expect(code).toBe(0);
    const json = JSON.parse(out) as {
      title: string;
      counts: { items: number; codeBlocks: number; fields: number };
      items: { text: string; code: { inline: boolean }[] }[];
    }[];
    expect(json.map((j) => [j.title, j.counts.items, j.counts.codeBlocks, j.counts.fields])).toEqual([
      ['Release 2.4', 6, 0, 0],
      ['Code blocks', 2, 2, 0],
      ['Database failover', 3, 0, 0],
      ['Cache Cluster Upgrade Runbook', 2, 0, 0],
      ['FIRE DRILL', 1, 0, 4],
      ['Release steps', 6, 0, 0],
      ['Payments rollback drill', 7, 0, 0],
      ['Release 1.2.3', 4, 3, 0],
    ]);
    for (const j of json) for (const item of j.items) expect(item.text.trim(), j.title).not.toBe('');
    expect(json[0]!.items[0]!.text).toBe(
      'Create the [release branch](https://git.example.com/help/branches).',
    );
    expect(json[7]!.items[0]).toMatchObject({ text: 'Build the distribution', code: [{ inline: false }] });
  });

  it('imports a file as a template and a second import of the same text stores nothing', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liftoff-cli-'));
    const env = { LIFTOFF_DATA_DIR: path.join(dir, 'data') };
    const file = path.join(FIXTURES, 'rule01-tasks.md');
    const first = liftoff(['import', file, '--name', 'Task markers'], env);
    expect(first.code, first.err).toBe(0);
    expect(first.out).toMatch(/imported "Task markers" as version 1 \(13 items/);
    const again = liftoff(['import', file, '--name', 'Task markers'], env);
    expect(again.out).toMatch(/already has exactly this text/);
  }, 130_000); // two CLI processes, each opening and migrating an embedded store
});

describeCorpus('liftoff parse on the seeds', () => {
  it('prints one JSON object for one file, in the documented shape', () => {
    const { code, out } = liftoff(['parse', seedPath('000'), '--json']);
    expect(code).toBe(0);
    const json = JSON.parse(out);
    expect(Object.keys(json)).toEqual([
      'title',
      'sections',
      'items',
      'fields',
      'signoff',
      'stages',
      'counts',
    ]);
    expect(json.counts).toMatchObject({ items: 19, checked: 8, verifiable: expect.any(Number) });
    expect(json.counts.verifiable).toBeGreaterThanOrEqual(7);
    expect(json.items[0]).toEqual(
      expect.objectContaining({
        id: expect.any(String),
        text: expect.any(String),
        checked: false,
        section: expect.any(String),
        code: expect.any(Array),
        suggestedChecks: expect.any(Array),
      }),
    );
    expect(json.signoff.roles).toEqual(['Developer', 'DevOps', 'QA', 'Product Owner']);
  });

  it('prints an array in file order for several files, with an error object for a missing one', () => {
    const { code, out } = liftoff(['parse', seedPath('004'), 'no-such-file.md', seedPath('002'), '--json']);
    expect(code).toBe(1);
    const json = JSON.parse(out);
    expect(json).toHaveLength(3);
    // 60 boxes and the 11 prerequisites of its rollout steps.
    expect(json[0].counts.items).toBe(71);
    expect(json[1]).toEqual({
      file: 'no-such-file.md',
      error: { code: 'not_found', message: 'no such file' },
    });
    expect(json[2].counts.items).toBe(96);
  });

  it('prints a readable outline without --json', () => {
    const { code, out } = liftoff(['parse', seedPath('002')]);
    expect(code).toBe(0);
    expect(out.split('\n')[0]).toBe('Performance Optimization Deployment Checklist');
    expect(out).toContain('[ ] Docker and Docker Compose installed (20.10+)');
  });
});

describe('liftoff suggest', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liftoff-suggest-'));
  const file = path.join(dir, 'release.md');
  fs.writeFileSync(
    file,
    [
      '# Release',
      '## Pre-deployment',
      '- [ ] Verify Redis is running and accessible',
      '- [ ] PostgreSQL is up',
      '- [ ] Port 6379 available',
      '- [ ] Kafka is running',
      '- [ ] Document the Redis setup',
      '## Success criteria',
      '- [ ] Cache hit rate > 90%',
      '- [ ] Smoke test <!-- check: http:api GET /health -->',
      '',
    ].join('\n'),
  );
  const config = path.join(dir, 'targets.yml');
  fs.writeFileSync(
    config,
    [
      'environments:',
      '  staging:',
      '    targets:',
      '      redis:sessions: { url: "redis://127.0.0.1:6379" }',
      '      postgres:primary: { url: "postgres://postgres@127.0.0.1:5432/a" }',
      '      postgres:replica: { url: "postgres://postgres@127.0.0.1:5432/b" }',
      '',
    ].join('\n'),
  );

  it('prints what each item would be bound to, the rule, the confidence and the words', () => {
    const { code, out } = liftoff(['suggest', file]);
    expect(code).toBe(0);
    expect(out).toContain('3: Verify Redis is running and accessible');
    expect(out).toContain(
      '  suggest  redis:cache ping  [liveness 0.90] from "Redis is running and accessible"',
    );
    expect(out).toContain('  suggest  tcp:port-6379 free  [port 0.85] from "Port 6379 available"');
    expect(out).toContain('  suggest  redis:cache hit-rate > 0.9  [threshold 0.80]');
    expect(out).toContain('  bound    http:api GET /health');
    expect(out).not.toMatch(/Kafka|Document/);
    expect(out.trim().split('\n').at(-1)).toBe(
      '5 of 7 items can verify themselves (suggestions: liveness 2, port 1, threshold 1)',
    );
  });

  it('resolves targets against an environment, as JSON: renamed, a choice, or missing', () => {
    const { code, out } = liftoff(['suggest', file, '--environment', 'staging', '--json'], {
      LIFTOFF_CONFIG: config,
    });
    expect(code).toBe(0);
    const json = JSON.parse(out);
    expect(json.counts).toEqual({ items: 7, verifiable: 5, byRule: { liveness: 2, port: 1, threshold: 1 } });
    const resolved = Object.fromEntries(
      json.items.flatMap((i: { suggestions: { check: string; resolved: unknown }[] }) =>
        i.suggestions.map((s) => [s.check, s.resolved]),
      ),
    );
    expect(resolved).toEqual({
      'redis:cache ping': { check: 'redis:sessions ping' },
      'postgres:main ping': {
        check: 'postgres:main ping',
        choices: ['postgres:primary', 'postgres:replica'],
      },
      'tcp:port-6379 free': { check: 'tcp:port-6379 free', missing: true },
      'redis:cache hit-rate > 0.9': { check: 'redis:sessions hit-rate > 0.9' },
    });
    expect(json.items[0]).toMatchObject({
      line: 3,
      section: ['Pre-deployment'],
      suggestions: [{ rule: 'liveness' }],
    });
  });

  it('refuses an unknown environment', () => {
    const { code, err } = liftoff(['suggest', file, '--environment', 'prod'], { LIFTOFF_CONFIG: config });
    expect(code).toBe(2);
    expect(err).toMatch(/unknown environment prod \(known: staging, local\)/);
  });
});

describe('liftoff usage', () => {
  it('gives usage and exit 2 for bad arguments', () => {
    const { code, err } = liftoff(['parse']);
    expect(code).toBe(2);
    expect(err).toMatch(/^liftoff: parse needs at least one FILE\nusage: liftoff <command>/);
    expect(liftoff(['user', 'add', '--email', 'x@y.io']).code).toBe(2);
    expect(liftoff(['user', 'add', '--email', 'x@y.io', '--name', 'X', '--role', 'wizard']).err).toMatch(
      /unknown role wizard/,
    );
  });
});
