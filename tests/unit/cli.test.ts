import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SEEDS = path.resolve(ROOT, '../shared/seeds');
const seed = (prefix: string) => path.join(SEEDS, fs.readdirSync(SEEDS).find((f) => f.startsWith(prefix))!);

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

describe('liftoff parse', () => {
  it('prints one JSON object for one file, in the documented shape', () => {
    const { code, out } = liftoff(['parse', seed('000'), '--json']);
    expect(code).toBe(0);
    const json = JSON.parse(out);
    expect(Object.keys(json)).toEqual(['title', 'sections', 'items', 'fields', 'signoff', 'counts']);
    expect(json.counts).toMatchObject({ items: 19, checked: 8 });
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
    const { code, out } = liftoff(['parse', seed('004'), 'no-such-file.md', seed('002'), '--json']);
    expect(code).toBe(1);
    const json = JSON.parse(out);
    expect(json).toHaveLength(3);
    expect(json[0].counts.items).toBe(60);
    expect(json[1]).toEqual({
      file: 'no-such-file.md',
      error: { code: 'not_found', message: 'no such file' },
    });
    expect(json[2].counts.items).toBe(96);
  });

  it('prints a readable outline without --json', () => {
    const { code, out } = liftoff(['parse', seed('002')]);
    expect(code).toBe(0);
    expect(out.split('\n')[0]).toBe('Performance Optimization Deployment Checklist');
    expect(out).toContain('[ ] Docker and Docker Compose installed (20.10+)');
  });

  it('imports a file as a template and a second import of the same text stores nothing', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liftoff-cli-'));
    const env = { LIFTOFF_DATA_DIR: path.join(dir, 'data') };
    const first = liftoff(['import', seed('000'), '--name', 'Sessions migration'], env);
    expect(first.code, first.err).toBe(0);
    expect(first.out).toMatch(/imported "Sessions migration" as version 1 \(19 items/);
    const again = liftoff(['import', seed('000'), '--name', 'Sessions migration'], env);
    expect(again.out).toMatch(/already has exactly this text/);
  });

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
